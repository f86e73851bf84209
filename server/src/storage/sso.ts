/** The seller team's single sign-on (OpenID Connect), as an admin set it on the Team page. */
export interface SsoSettings {
  issuer: string
  clientId: string
  clientSecret: string
  /** Lower-case domains (no @) whose verified addresses get a seller account on first sign-in. */
  domains: string[]
  /** Whether sellers must sign in with SSO (e-mailed sign-in links are off for them). */
  required: boolean
  updatedAt: number
  updatedBy: string | null
}

/**
 * One sign-in started at the identity provider, until its callback: the secrets that callback
 * is checked against. Keyed by a hash of `state`; usable once.
 */
export interface SsoLogin {
  stateHash: string
  /** Hash of the random value in the browser's cookie: the callback must come from that browser. */
  browserHash: string
  nonce: string
  codeVerifier: string
  createdAt: number
  expiresAt: number
}

export interface SsoStore {
  getSsoSettings(): Promise<SsoSettings | null>
  /** Replaces the settings; null turns SSO off (as set on the page; env settings win). */
  putSsoSettings(settings: SsoSettings | null): Promise<void>
  createSsoLogin(login: SsoLogin): Promise<void>
  /**
   * Takes the sign-in with this state hash, once: the row if it was there, unused and not
   * expired at `at`, else null (a replayed or forged state). Under concurrency one caller wins.
   */
  consumeSsoLogin(stateHash: string, at: number): Promise<SsoLogin | null>
}
