// GOV.UK Frontend's progressive enhancement hook. It lives in a file, not inline, so that
// the Content Security Policy can forbid inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
