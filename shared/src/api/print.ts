import * as z from 'zod/mini'
import { endpoint } from './endpoint.ts'
import { optionalChoice } from './fields.ts'
import { RoomParams } from './rooms.ts'

const tag = 'print'

/** Paper the printable room is laid out for. */
export const PAPER_SIZES = ['a4', 'letter'] as const

export const PaperQuery = z.strictObject({
  paper: optionalChoice('paper', PAPER_SIZES).check(
    z.meta({ description: 'a4 (default) or letter.' }),
  ),
})

export const printRoom = endpoint({
  name: 'printRoom',
  method: 'GET',
  path: '/api/rooms/:roomId/print',
  summary: 'The printable room: business case, plan, consensus and sign-off, stakeholders',
  tag,
  access: 'export',
  params: RoomParams,
  query: PaperQuery,
  answer: { mediaType: 'text/html', description: 'A page laid out for A4 or Letter' },
})

export const printRoomPdf = endpoint({
  name: 'printRoomPdf',
  method: 'GET',
  path: '/api/rooms/:roomId/print.pdf',
  summary: 'The printable room as a PDF',
  tag,
  access: 'export',
  params: RoomParams,
  query: PaperQuery,
  answer: { mediaType: 'application/pdf', description: 'The printable room, printed' },
})
