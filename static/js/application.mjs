import { initAll } from '../govuk/govuk-frontend.min.js'
import { followReportStatus } from './report-status.mjs'
import { warnBeforeTimeout } from './session-timeout.mjs'

initAll()
document.querySelectorAll('[data-module="app-report-status"]').forEach(followReportStatus)
document.querySelectorAll('[data-module="app-session-timeout"]').forEach(warnBeforeTimeout)
