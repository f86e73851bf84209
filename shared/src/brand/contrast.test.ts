import { describe, expect, it } from 'vitest'
import {
  AA_TEXT,
  accentChecks,
  checkAccent,
  contrastRatio,
  formatRatio,
  nearestPassingAccent,
  normalizeHex,
} from './contrast.ts'

describe('accent contrast (WCAG AA)', () => {
  it('computes the ratios WCAG publishes', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
    // Well-known pairs: #767676 on white is the lightest grey that passes AA.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(AA_TEXT)
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(AA_TEXT)
    expect(formatRatio(4.4999)).toBe('4.4:1')
  })

  it('accepts Quorum’s own blue and a dark brand green, everywhere the accent is used', () => {
    for (const accent of ['#3358d4', '#0b6e4f']) {
      const verdict = checkAccent(accent)
      expect(verdict.ok).toBe(true)
      expect(accentChecks(accent).map((check) => check.ok)).toEqual([true, true, true, true])
    }
    expect(checkAccent('#0B6E4F')).toMatchObject({ ok: true, accent: '#0b6e4f' })
    expect(normalizeHex('#abc')).toBe('#aabbcc')
  })

  it('refuses a light accent with the ratio found and a darker one that passes', () => {
    const verdict = checkAccent('#f5a623')
    expect(verdict.ok).toBe(false)
    if (verdict.ok) return
    expect(verdict.message).toMatch(
      /White button text on the accent would have a contrast of 2\.\d:1/,
    )
    expect(verdict.message).toContain('WCAG AA needs 4.5:1')
    const suggestion = verdict.suggestion ?? ''
    expect(verdict.message).toContain(`Try ${suggestion}`)
    expect(checkAccent(suggestion).ok).toBe(true)
    // The nearest: one step lighter would fail again.
    expect(contrastRatio('#ffffff', suggestion)).toBeLessThan(5)
    expect(nearestPassingAccent('#3358d4')).not.toBe('#3358d4')
  })

  it('refuses what is no colour, saying how to write one', () => {
    expect(checkAccent('blue')).toMatchObject({ ok: false, suggestion: null })
    expect(checkAccent('#12345g').ok).toBe(false)
  })
})
