"""Evaluation results: what the authorities' chairs and chief fire officers and the peers
said of their challenges, as average ratings per question per year with the number of
answers, from the programme's yearly summary (challenges/selectors/evaluation.py
evaluation_summary_by_year, one query), by the period's kind of year and in its region.

Figures, for the period's year (zeros and None when no one was asked): `label` (the year),
`challenges` (challenges whose people were asked), `invited`, `answered`, `averages` (rating
field -> the average as a float, None with no answers) and `questions` ([{"field",
"question", "average"}] in the order of EVALUATION_QUESTIONS)."""

from challenges.choices import EVALUATION_QUESTIONS
from challenges.insight.period import InsightPeriod
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.selectors.evaluation import evaluation_summary_by_year


def _no_evaluations() -> dict:
    return {"challenges": 0, "invited": 0, "answered": 0, "averages": dict.fromkeys(field for field, _ in EVALUATION_QUESTIONS)}


def evaluations_section(period: InsightPeriod, *, today) -> Section:
    """The evaluation by year, from the first year anyone was asked to the period's, and
    the period's averages per question, in one query (the module's docstring)."""
    summary = {year["year"]: year for year in evaluation_summary_by_year(region=period.region, year_kind=period.year_kind)}
    years = period.years_to_here(min(summary)) if summary else []
    this_year = summary.get(period.year, _no_evaluations())
    by_year = Table(
        slug="evaluation-by-year",
        title="Evaluation results by year",
        columns=[
            Column("year", "Financial year" if period.is_financial else "Calendar year"),
            Column("challenges", "Challenges", numeric=True),
            Column("invited", "Invited", numeric=True),
            Column("answered", "Answered", numeric=True),
            *(Column(field, question, numeric=True) for field, question in EVALUATION_QUESTIONS),
        ],
        rows=[
            {
                "year": period.year_label(year),
                **{key: figures[key] for key in ("challenges", "invited", "answered")},
                **figures["averages"],
            }
            for year in years
            for figures in [summary.get(year, _no_evaluations())]
        ],
        description=(
            "For each year up to this one: the challenges whose authority's chair and chief fire officer and peers "
            "were asked to evaluate them, how many people were asked and how many answered, and the average rating "
            "of each question from 1 (very poor) to 5 (excellent). A challenge counts in the year of its last day on site."
        ),
        chart=Chart(label="year", values=("invited", "answered")),
        empty="No one had been asked to evaluate a challenge by the end of this period.",
    )
    this_period = Table(
        slug="evaluation-this-period",
        title="Average rating per question",
        columns=[
            Column("question", "Question"),
            Column("average", "Average rating", numeric=True),
            Column("answers", "Answers", numeric=True),
        ],
        rows=[
            {"question": question, "average": this_year["averages"][field], "answers": this_year["answered"]}
            for field, question in EVALUATION_QUESTIONS
        ],
        description=(
            "The average rating of each question, from 1 (very poor) to 5 (excellent), given by the people who "
            "answered the evaluation of a challenge counted in the period, and the number of answers: each answer "
            "rates every question."
        ),
        chart=Chart(label="question", values=("average",)),
    )
    return Section(
        slug="evaluations",
        title="Evaluation results",
        tables=[by_year, this_period],
        figures={
            "label": period.label,
            "challenges": this_year["challenges"],
            "invited": this_year["invited"],
            "answered": this_year["answered"],
            "averages": dict(this_year["averages"]),
            "questions": [
                {"field": field, "question": question, "average": this_year["averages"][field]}
                for field, question in EVALUATION_QUESTIONS
            ],
        },
    )
