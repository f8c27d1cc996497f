// While a report version is being prepared, ask the server where it has got to every few
// seconds and show it in the version's row: the status tag and the progress in words. Once it
// is finished (ready, failed, or moved on) the row is fetched again from the server, the same
// template the page was made from, and put in place of the old one, with its download link,
// publish button or error; a polite live region says what changed. The page is never
// reloaded, so nothing else on it is lost. Without JavaScript the row's "Check again" link
// loads the page afresh.
import { initAll } from '../govuk/govuk-frontend.min.js'

const POLL_MILLISECONDS = 2000
const GIVE_UP_AFTER_POLLS = 300 // ten minutes: the pipeline re-queues or fails a stuck render well before

const asked = { credentials: 'same-origin' }

export function followReportStatus (row) {
  const statusUrl = row.dataset.statusUrl
  const rowUrl = row.dataset.rowUrl
  const name = row.dataset.name
  const panel = row.closest('[data-report-panel]')
  const announcement = panel ? panel.querySelector('[data-report-announcement]') : null
  let status = row.dataset.status
  let polls = 0

  const announce = (text) => {
    if (announcement) {
      announcement.textContent = text
    }
  }

  const showProgress = ({ label, colour, progress }) => {
    const tag = row.querySelector('.govuk-tag')
    if (tag) {
      tag.textContent = label
      tag.className = `govuk-tag govuk-tag--${colour}`
    }
    const words = row.querySelector('[data-report-progress]')
    if (words && progress) {
      words.textContent = `${progress}.`
    }
  }

  // The row as the server now writes it, in place of this one; false if it could not be had.
  const replaceRow = async () => {
    const response = await fetch(rowUrl, { ...asked, headers: { Accept: 'text/html' } })
    if (!response.ok) {
      return false
    }
    const template = document.createElement('template')
    template.innerHTML = (await response.text()).trim()
    const fresh = template.content.querySelector('tr')
    if (!fresh) {
      return false
    }
    row.replaceWith(fresh)
    initAll({ scope: fresh })
    if (fresh.dataset.module === 'app-report-status') {
      followReportStatus(fresh) // sent to the workers again: still to follow
    }
    return true
  }

  const poll = async () => {
    polls += 1
    try {
      const response = await fetch(statusUrl, { ...asked, headers: { Accept: 'application/json' } })
      if (response.ok) {
        const state = await response.json()
        const changed = state.status !== status
        status = state.status
        showProgress(state)
        if (changed) {
          announce(`${name}: ${state.label}`)
        }
        if (state.finished && await replaceRow()) {
          return
        }
      }
    } catch (error) {
      // A dropped connection is tried again at the next poll.
    }
    if (polls < GIVE_UP_AFTER_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS)
    }
  }
  window.setTimeout(poll, POLL_MILLISECONDS)
}
