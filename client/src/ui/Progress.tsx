export function Progress({
  done,
  total,
  label,
  compact,
}: {
  done: number
  total: number
  label: string
  compact?: boolean
}) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100)
  return (
    <div className={`progress${compact ? ' progress--compact' : ''}`}>
      <div
        className="progress__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${done} of ${total} tasks done`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__text">
        {done}/{total}
        {compact ? '' : ` done · ${percent}%`}
      </span>
    </div>
  )
}
