// The sign-in page asks the browser to sign in at once. Link previews of chat apps do not run scripts, so
// they only see the page and never use up the link; without scripts the learner presses the button.
document.getElementById("signin")?.submit();
