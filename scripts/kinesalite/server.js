// Starts kinesalite (in memory) on 127.0.0.1 only: its own cli.js listens on every interface.
//   node server.js PORT
var port = parseInt(process.argv[2] || '4567', 10)
var options = {
  // Streams become ACTIVE (and shards split or merge) after this many ms; kinesalite's 500 ms
  // default only slows tests down.
  createStreamMs: 50,
  deleteStreamMs: 50,
  updateStreamMs: 50,
  shardLimit: 50,
}
var server = require('kinesalite')(options)
server.listen(port, '127.0.0.1', function() {
  var address = server.address()
  console.log('kinesalite listening at http://%s:%s', address.address, address.port)
})
process.on('SIGTERM', function() { server.close(function() { process.exit(0) }) })
