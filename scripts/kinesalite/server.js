// Starts kinesalite (in memory) on 127.0.0.1 only: its own cli.js listens on every interface.
//   node server.js PORT
var path = require('path')
var port = parseInt(process.argv[2] || '4567', 10)
var home = path.dirname(require.resolve('kinesalite/package.json'))
var db = require(path.join(home, 'db'))

// kinesalite 3.3.3 never answers GetShardIterator AT_TIMESTAMP for a shard that has no record at
// or after the time (it waits for the first such record in a scan that has ended). Kinesis
// answers with an iterator at the shard's end; so does this wrapper, from a position taken before
// the scan, so that a record put meanwhile is not skipped. Installed before kinesalite loads its
// actions (it requires them once, by path).
var actionPath = require.resolve(path.join(home, 'actions', 'getShardIterator.js'))
var getShardIterator = require(actionPath)
require.cache[actionPath].exports = function(store, data, cb) {
  if (data.ShardIteratorType != 'AT_TIMESTAMP' || data.Timestamp == null ||
      data.Timestamp * 1000 > Date.now()) {
    return getShardIterator(store, data, cb)
  }
  var shardIx, shardId
  try {
    var shard = db.resolveShardId(data.ShardId)
    shardIx = shard.shardIx
    shardId = shard.shardId
  } catch (e) {
    return getShardIterator(store, data, cb)
  }
  store.getStream(data.StreamName, function(err, stream) {
    if (err || shardIx >= stream.Shards.length) return getShardIterator(store, data, cb)
    var start = db.parseSequence(stream.Shards[shardIx].SequenceNumberRange.StartingSequenceNumber)
    var end = db.stringifySequence({
      shardCreateTime: start.shardCreateTime,
      seqIx: stream._seqIx[Math.floor(shardIx / 5)],
      seqTime: Date.now(),
      shardIx: start.shardIx,
    })
    var found = false, done = false
    var scan = store.getStreamDb(data.StreamName).createReadStream({
      gt: db.shardIxToHex(shardIx),
      lt: db.shardIxToHex(shardIx + 1),
    })
    scan.on('data', function(item) {
      if (!found && item.value.ApproximateArrivalTimestamp >= data.Timestamp) found = true
    })
    scan.on('error', function(e) { if (!done) { done = true; cb(e) } })
    scan.on('end', function() {
      if (done) return
      done = true
      if (found) return getShardIterator(store, data, cb)
      cb(null, {ShardIterator: db.createShardIterator(data.StreamName, shardId, end)})
    })
  })
}

var server = require('kinesalite')({
  // Streams become ACTIVE (and shards split or merge) after this many ms; kinesalite's 500 ms
  // default only slows tests down.
  createStreamMs: 50,
  deleteStreamMs: 50,
  updateStreamMs: 50,
  // Tests make many small streams on one server; kinesalite's account limit (10 shards) is for
  // reproducing Kinesis's error, which no test here needs.
  shardLimit: 1000,
})
server.listen(port, '127.0.0.1', function() {
  var address = server.address()
  console.log('kinesalite listening at http://%s:%s', address.address, address.port)
})
process.on('SIGTERM', function() { server.close(function() { process.exit(0) }) })
