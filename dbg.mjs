import { chromium } from 'playwright-core'

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
const ctx = await browser.newContext()
const p = await ctx.newPage()
p.on('console', (m) => console.log('console:', m.type(), m.text()))
await p.goto('http://localhost:3000/')
await p.waitForTimeout(2000)
console.log(
  await p.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration()
    return JSON.stringify({
      has: !!r,
      active: r?.active?.state,
      installing: r?.installing?.state,
      waiting: r?.waiting?.state,
      controller: !!navigator.serviceWorker.controller,
    })
  }),
)
await browser.close()
