/** The mail a new teammate gets: their sign-in link, or where to sign in with SSO. */
export function teamInviteMail(
  inviter: string,
  url: string,
  sso: boolean,
): { subject: string; body: string } {
  const how = sso
    ? `Sign in with your company account (single sign-on) here:\n${url}`
    : `Sign in with this link (valid for 7 days, works once):\n${url}`
  return {
    subject: `${inviter} added you to the team on Quorum`,
    body: `${inviter} added you to the seller team on Quorum, where the team runs its deal rooms.\n\n${how}\n\nIf you were not expecting this, ignore this message.\n\n— Quorum`,
  }
}
