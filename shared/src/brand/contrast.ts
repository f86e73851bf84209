/**
 * Colour contrast as WCAG 2 defines it, for the workspace's accent colour: the accent is the
 * background of primary buttons (white text on it) and, darkened, the colour of links and
 * selected tabs on the page's light backgrounds. Text must keep 4.5:1 (level AA) against every
 * one of them, so an accent is checked against each before it is stored, and a refusal says the
 * ratio found and offers the nearest darker colour that passes.
 */

/** WCAG 2 level AA for normal text. */
export const AA_TEXT = 4.5

const HEX = /^#([0-9a-f]{6})$/i

/** The page's own light colours the accent's text is shown on (client/src/app/base.css). */
export const LIGHT_BACKGROUNDS = {
  page: '#f6f7f9',
  surface: '#ffffff',
} as const

export type Rgb = readonly [number, number, number]

/** `#rrggbb` (any case; `#rgb` widened) as lower-case `#rrggbb`, or null when it is no colour. */
export function normalizeHex(value: string): string | null {
  const trimmed = value.trim().toLowerCase()
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(trimmed)
  const full = short
    ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`
    : trimmed
  return HEX.test(full) ? full : null
}

export function toRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16)
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255]
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((part) => Math.round(part).toString(16).padStart(2, '0')).join('')}`
}

/** Relative luminance (WCAG 2): 0 for black, 1 for white. */
export function luminance(hex: string): number {
  const [r, g, b] = toRgb(hex).map((channel) => {
    const c = channel / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as unknown as Rgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** A ratio as people read it: 4.48 → "4.4:1" (rounded down, so a pass never reads as 4.5 wrongly). */
export const formatRatio = (ratio: number): string =>
  `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`

/** `hex` mixed with `toward` by `amount` (0: unchanged, 1: `toward`). */
export function mix(hex: string, toward: string, amount: number): string {
  const a = toRgb(hex)
  const b = toRgb(toward)
  return toHex(
    [0, 1, 2].map((i) => (a[i] ?? 0) + ((b[i] ?? 0) - (a[i] ?? 0)) * amount) as unknown as Rgb,
  )
}

/** The shades the app derives from an accent (as base.css's --accent, -strong, -soft). */
export function accentShades(accent: string): { accent: string; strong: string; soft: string } {
  return { accent, strong: mix(accent, '#000000', 0.2), soft: mix(accent, '#ffffff', 0.9) }
}

export interface ContrastCheck {
  /** What is shown on what, in words. */
  pair: string
  ratio: number
  ok: boolean
}

/** Every pair the accent is used in, with its ratio. */
export function accentChecks(accent: string): ContrastCheck[] {
  const { strong, soft } = accentShades(accent)
  const pairs: Array<[string, string, string]> = [
    ['White button text on the accent', '#ffffff', accent],
    ['Accent links on the page background', strong, LIGHT_BACKGROUNDS.page],
    ['Accent links on white panels', strong, LIGHT_BACKGROUNDS.surface],
    ['Accent text on its light tint', strong, soft],
  ]
  return pairs.map(([pair, text, background]) => {
    const ratio = contrastRatio(text, background)
    return { pair, ratio, ok: ratio >= AA_TEXT }
  })
}

/** The nearest darker accent (towards black in small steps) that passes every check. */
export function nearestPassingAccent(accent: string): string {
  for (let step = 1; step <= 100; step++) {
    const candidate = mix(accent, '#000000', step / 100)
    if (accentChecks(candidate).every((check) => check.ok)) return candidate
  }
  return '#000000'
}

export type AccentVerdict =
  | { ok: true; accent: string; checks: ContrastCheck[] }
  | { ok: false; message: string; checks: ContrastCheck[]; suggestion: string | null }

/**
 * Whether an accent keeps text readable wherever it is used (WCAG AA, 4.5:1). A refusal names
 * the weakest pair and its ratio, and suggests the nearest darker colour that passes.
 */
export function checkAccent(value: string): AccentVerdict {
  const accent = normalizeHex(value)
  if (accent === null)
    return {
      ok: false,
      message: `"${value.slice(0, 20)}" is no colour: write it as #rrggbb, e.g. #3358d4.`,
      checks: [],
      suggestion: null,
    }
  const checks = accentChecks(accent)
  const weakest = [...checks].sort((a, b) => a.ratio - b.ratio)[0]
  if (!weakest || weakest.ok) return { ok: true, accent, checks }
  const suggestion = nearestPassingAccent(accent)
  return {
    ok: false,
    message: `${weakest.pair} would have a contrast of ${formatRatio(weakest.ratio)}; WCAG AA needs ${AA_TEXT}:1. Try ${suggestion} (${formatRatio(Math.min(...accentChecks(suggestion).map((check) => check.ratio)))}), or a darker colour.`,
    checks,
    suggestion,
  }
}
