/**
 * The web app's shell. The room itself (plan, business case, presence) arrives with the
 * browser room; until then the app explains how people get in.
 */
export function App() {
  return (
    <main className="landing">
      <h1>Quorum</h1>
      <p>One live workspace per deal, shared by the seller team and the buying group.</p>
      <p className="hint">
        Open the personal link you were sent to enter your room. Sellers sign in with the link
        printed by <code>quorum user add</code>.
      </p>
    </main>
  )
}
