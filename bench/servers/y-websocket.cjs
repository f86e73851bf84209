// Reference: the classic y-websocket 1.5 server utilities, in memory. Prints "listening <port>".
const http = require('node:http')
const WebSocket = require('ws')
const { setupWSConnection } = require('y-websocket/bin/utils')

const server = http.createServer((_request, response) => {
  response.writeHead(200)
  response.end('ok')
})
const wss = new WebSocket.Server({ noServer: true })
wss.on('connection', setupWSConnection)
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`))
process.on('SIGTERM', () => process.exit(0))
