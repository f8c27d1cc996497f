"""The programme's figures for LGA staff and the committee: the insight page
(challenges/views/insight.py) and the committee paper (reports/services/committee_paper*.py)
read them through challenges/selectors/insight.py.

period.py is the year and region they are for and the rule that places a challenge in a
year; tables.py the shapes (Section, Table, Column, Chart); one module per section:
pipeline.py, lead_times.py, coverage.py (with tile_map.py, England's authorities on a grid),
peers.py, themes.py, evaluations.py. Each builds its Section in a fixed number of queries,
summing in the database."""
