import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { email, name, text } from './fields.ts'

/** One-time link secrets are 32 characters; anything far longer was never one. */
const SECRET_MAX = 200

const tag = 'sessions'

export const Person = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    kind: z.enum(['seller', 'buyer']),
  })
  .check(z.meta({ id: 'Person' }))

export const redeemLink = endpoint({
  name: 'redeemLink',
  method: 'POST',
  path: '/api/links/redeem',
  summary: 'Open a one-time link (invitation, sign-in): starts a browser session (cookie)',
  tag,
  access: 'anyone',
  body: z.strictObject({ secret: text('secret', SECRET_MAX) }),
  answer: z.object({
    kind: z.enum(['invite', 'signin', 'setup']),
    roomId: z.nullable(z.string()),
    name: z.string(),
  }),
})

export const setup = endpoint({
  name: 'setup',
  method: 'POST',
  path: '/api/setup',
  summary: 'Create the first seller account with the first-run setup link',
  tag,
  access: 'anyone holding the setup link',
  status: 201,
  body: z.strictObject({
    secret: text('secret', SECRET_MAX),
    email: email('email'),
    name: name('name'),
  }),
  answer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
})

export const getSession = endpoint({
  name: 'getSession',
  method: 'GET',
  path: '/api/session',
  summary: 'Who is signed in, and the one room a buyer session opens',
  tag,
  access: 'any session',
  answer: z.object({ person: Person, roomId: z.nullable(z.string()) }),
})

export const signOut = endpoint({
  name: 'signOut',
  method: 'POST',
  path: '/api/signout',
  summary: 'End this browser session',
  tag,
  access: 'anyone',
  answer: z.object({ signedOut: z.literal(true) }),
})

export const signOutEverywhere = endpoint({
  name: 'signOutEverywhere',
  method: 'POST',
  path: '/api/signout-everywhere',
  summary: 'End every session of the signed-in person; their open sockets close',
  tag,
  access: 'own session',
  answer: z.object({ sessionsEnded: z.int() }),
})

export const signIn = endpoint({
  name: 'signIn',
  method: 'POST',
  path: '/api/signin',
  summary: 'Mail a sign-in link to a seller (the same answer whether or not the address has one)',
  tag,
  access: 'anyone (rate-limited per address and per e-mail)',
  body: z.strictObject({ email: email('email') }),
  answer: z.object({ sent: z.literal(true), message: z.string() }),
})
