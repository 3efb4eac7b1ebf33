// allauth only logs a refused or timed-out security key to the console; say
// it on the page instead, where the person waiting for their key can read it.
document.addEventListener('allauth.error', function (event) {
  const tags = (event.detail && event.detail.tags) || []
  const box = document.getElementById('webauthn-error')
  if (!box || tags.indexOf('webauthn') === -1) return
  event.preventDefault()
  box.textContent = 'The security key could not be used: it did not answer in time, ' +
    'the request was cancelled, or this key is already registered to you. ' +
    'Touch your key when it blinks and try again, or use your authenticator app.'
  box.hidden = false
  box.focus && box.focus()
})
