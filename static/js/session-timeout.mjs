// GOV.UK's timeout warning: shortly before the server signs an idle person out, say so and
// offer to stay signed in, so that nobody loses what they are typing without notice. The
// server keeps the limit whatever happens here (peersupport/middleware.py); without
// JavaScript the dialog never opens and the person is signed out all the same.
//
// The page says how many seconds are left (data-session-timeout-seconds on <body>, only for
// someone signed in). "Stay signed in" POSTs to the keep-alive address, which counts as
// activity; "Sign out" is an ordinary form. When the time is up the page asks the server for
// itself again, and the server, not this script, decides whether the session has ended.

const SECOND = 1000

export function warnBeforeTimeout (dialog) {
  const secondsLeft = Number.parseInt(document.body.dataset.sessionTimeoutSeconds, 10)
  const idleSeconds = Number.parseInt(dialog.dataset.idleSeconds, 10)
  const warningSeconds = Number.parseInt(dialog.dataset.warningSeconds, 10)
  if (![secondsLeft, idleSeconds, warningSeconds].every(Number.isFinite) || typeof dialog.showModal !== 'function') {
    return
  }
  const countdown = dialog.querySelector('[data-countdown]')
  const announcement = dialog.querySelector('[data-countdown-announcement]')
  const stayButton = dialog.querySelector('[data-action="stay-signed-in"]')
  const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content ?? ''
  let deadline = 0
  let warningTimer = null
  let tickTimer = null

  const secondsRemaining = () => Math.max(0, Math.ceil((deadline - Date.now()) / SECOND))

  const showRemaining = () => {
    const seconds = secondsRemaining()
    countdown.textContent = inWords(seconds)
    // Screen readers are told the time left as it changes by the minute, not every second.
    const minutes = seconds >= 60 ? inWords(Math.ceil(seconds / 60) * 60) : 'less than a minute'
    const spoken = `We will sign you out in ${minutes}.`
    if (announcement.textContent !== spoken) {
      announcement.textContent = spoken
    }
  }

  const timeIsUp = () => {
    window.clearInterval(tickTimer)
    window.location.assign(window.location.pathname + window.location.search)
  }

  const warn = () => {
    showRemaining()
    if (!dialog.open) {
      dialog.showModal()
    }
    tickTimer = window.setInterval(() => (secondsRemaining() === 0 ? timeIsUp() : showRemaining()), SECOND)
  }

  const startClock = (seconds) => {
    window.clearTimeout(warningTimer)
    window.clearInterval(tickTimer)
    deadline = Date.now() + seconds * SECOND
    warningTimer = window.setTimeout(warn, Math.max(0, seconds - warningSeconds) * SECOND)
  }

  const staySignedIn = async () => {
    stayButton.disabled = true
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: 'POST',
        headers: { 'X-CSRFToken': csrfToken },
        credentials: 'same-origin'
      })
      if (response.status === 204) {
        dialog.close()
        startClock(idleSeconds)
      } else {
        // Already signed out (the server sent the signed-out page) or refused: show the
        // page the server gives for where the person is.
        window.location.assign(response.redirected ? response.url : window.location.pathname + window.location.search)
      }
    } catch (error) {
      // The connection dropped: the warning stays open and the button can be tried again.
    } finally {
      stayButton.disabled = false
    }
  }

  stayButton.addEventListener('click', staySignedIn)
  // Escape closes a modal dialog; closing the warning means staying signed in.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    staySignedIn()
  })
  startClock(secondsLeft)
}

function inWords (seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}
