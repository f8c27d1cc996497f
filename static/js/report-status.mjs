// While a feedback report is being prepared, ask the server for its status every few
// seconds and reload the page once it changes, so the person sees the download or the error.
const POLL_MILLISECONDS = 2000
const GIVE_UP_AFTER_POLLS = 300

export function followReportStatus (element) {
  const url = element.dataset.statusUrl
  const initial = element.dataset.status
  let polls = 0

  const poll = async () => {
    polls += 1
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (response.ok) {
        const { status } = await response.json()
        if (status !== initial) {
          window.location.reload()
          return
        }
      }
    } catch (error) {
      // A dropped connection is retried on the next poll.
    }
    if (polls < GIVE_UP_AFTER_POLLS) {
      window.setTimeout(poll, POLL_MILLISECONDS)
    }
  }
  window.setTimeout(poll, POLL_MILLISECONDS)
}
