import { initAll } from '../govuk/govuk-frontend.min.js'
import { followReportStatus } from './report-status.mjs'

initAll()
document.querySelectorAll('[data-module="app-report-status"]').forEach(followReportStatus)
