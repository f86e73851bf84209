import { describe, expect, it } from 'vitest'
import { apiQuery, closeRange, DEFAULT_QUERY, isFiltered } from './room-list-query.ts'

describe('the room list’s query', () => {
  it('"closing this month" is the person’s own calendar month, ends included', () => {
    const query = { ...DEFAULT_QUERY, close: 'this-month' as const }
    expect(closeRange(query, new Date(2027, 1, 14))).toEqual({
      from: '2027-02-01',
      to: '2027-02-28',
    })
    expect(closeRange(query, new Date(2028, 1, 1))).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    })
    expect(closeRange(query, new Date(2027, 11, 31))).toEqual({
      from: '2027-12-01',
      to: '2027-12-31',
    })
  })

  it('asks the server only for the filters set', () => {
    expect(apiQuery(DEFAULT_QUERY)).toEqual({ sort: 'health' })
    expect(isFiltered(DEFAULT_QUERY)).toBe(false)
    const query = {
      ...DEFAULT_QUERY,
      q: '  globex ',
      owner: 'me',
      health: 'poor' as const,
      close: 'range' as const,
      from: '2027-03-01',
      attention: true,
    }
    expect(apiQuery(query)).toEqual({
      sort: 'health',
      q: 'globex',
      owner: 'me',
      health: 'poor',
      closeFrom: '2027-03-01',
      attention: 'true',
    })
    expect(isFiltered(query)).toBe(true)
    // A different sort alone is no filter ("Clear filters" does not show for it).
    expect(isFiltered({ ...DEFAULT_QUERY, sort: 'title' })).toBe(false)
  })
})
