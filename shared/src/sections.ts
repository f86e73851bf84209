/**
 * The sections (tabs) of a room: what the web app shows, what a presence entry may say someone
 * is viewing, and what engagement is counted by. Insights is for the seller team only.
 */
export const ROOM_SECTIONS = [
  { id: 'overview', label: 'Overview', sellerOnly: false },
  { id: 'plan', label: 'Plan', sellerOnly: false },
  { id: 'business-case', label: 'Business case', sellerOnly: false },
  { id: 'documents', label: 'Documents', sellerOnly: false },
  { id: 'stakeholders', label: 'Stakeholders', sellerOnly: false },
  { id: 'activity', label: 'Activity', sellerOnly: false },
  { id: 'insights', label: 'Insights', sellerOnly: true },
] as const

export type Section = (typeof ROOM_SECTIONS)[number]['id']

export const SECTION_IDS: readonly Section[] = ROOM_SECTIONS.map((section) => section.id)

export const isSection = (value: unknown): value is Section =>
  typeof value === 'string' && (SECTION_IDS as readonly string[]).includes(value)

/** The label of a section id ('' for an unknown one). */
export const sectionLabel = (id: string): string =>
  ROOM_SECTIONS.find((section) => section.id === id)?.label ?? ''
