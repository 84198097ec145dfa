/**
 * The Lua scripts behind RedisMailboxStore: each store operation that changes state is one script,
 * so Redis runs it as one atomic step that no other client (or server instance) can interleave.
 *
 * What must stay true: Redis does not roll a script back when it fails half-way, so every script
 * checks everything (existence, retired, stale, quota) and only then writes; a rejected operation
 * changes nothing. Numbers cross into Lua as decimal strings and stay far below 2^53.
 *
 * Keys per mailbox (see redis-store.ts for why hashes and not Streams):
 *   m  hash   meta: av, rv, head, bytes, entries, lod, [rd], [sc, sp, sb]
 *   e  hash   seq → sealed entry bytes
 *   q  zset   seq (score = seq): the order of `e`
 *   s  list   installed snapshot parts
 *   b  string sealed blob
 * Shared: `open` (zset id → last open day), `retired` (zset id → retired day), for sweep.
 */

/** KEYS m, open · ARGV id, appendVerifier, readVerifier, lastOpenDay → HGETALL of m */
export const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'av', ARGV[2], 'rv', ARGV[3], 'head', 0, 'bytes', 0, 'entries', 0, 'lod', ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS m, e, q · ARGV bytes, maxBytes, maxEntries → {1, seq} | {0, code} */
export const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 'unknown-mailbox'} end
local m = redis.call('HMGET', KEYS[1], 'head', 'bytes', 'entries', 'rd')
if m[4] then return {0, 'retired'} end
local len = string.len(ARGV[1])
local bytes = tonumber(m[2]) + len
local entries = tonumber(m[3]) + 1
if bytes > tonumber(ARGV[2]) or entries > tonumber(ARGV[3]) then return {0, 'quota'} end
local seq = tonumber(m[1]) + 1
redis.call('HSET', KEYS[2], seq, ARGV[1])
redis.call('ZADD', KEYS[3], seq, seq)
redis.call('HSET', KEYS[1], 'head', seq, 'bytes', bytes, 'entries', entries)
return {1, seq}
`;

/** KEYS e, q · ARGV afterSeq, limit → {seq, bytes, seq, bytes, …} (read only) */
export const READ = `
local seqs = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'LIMIT', 0, ARGV[2])
local out = {}
for i = 1, #seqs do
  local v = redis.call('HGET', KEYS[1], seqs[i])
  if v then
    out[#out + 1] = seqs[i]
    out[#out + 1] = v
  end
end
return out
`;

/** KEYS m, e, q · ARGV seq… → how many were deleted */
export const DELETE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'rd') == 1 then return 0 end
local n, freed = 0, 0
for i = 1, #ARGV do
  local len = redis.call('HSTRLEN', KEYS[2], ARGV[i])
  if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZREM', KEYS[3], ARGV[i])
    n = n + 1
    freed = freed + len
  end
end
if n > 0 then
  redis.call('HINCRBY', KEYS[1], 'bytes', -freed)
  redis.call('HINCRBY', KEYS[1], 'entries', -n)
end
return n
`;

/**
 * KEYS m, e, q, s, stage · ARGV covers, parts, partBytes, maxBytes, keepBytes, keepEntries → {1} | {0, code}
 * The parts were pushed to the staging list beforehand (it expires on its own if this never runs);
 * installing renames it over the snapshot, so the swap is one step.
 */
export const INSTALL = `
local function reject(code)
  redis.call('DEL', KEYS[5])
  return {0, code}
end
if redis.call('EXISTS', KEYS[1]) == 0 then return reject('unknown-mailbox') end
local m = redis.call('HMGET', KEYS[1], 'head', 'bytes', 'entries', 'sc', 'sb', 'rd')
if m[6] then return reject('retired') end
local covers = tonumber(ARGV[1])
local parts = tonumber(ARGV[2])
if covers > tonumber(m[1]) or (m[4] and covers < tonumber(m[4])) then return reject('stale-snapshot') end
if redis.call('LLEN', KEYS[5]) ~= parts then return reject('staging-lost') end
local all = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', covers)
local sizes = {}
local total = 0
for i = 1, #all do
  sizes[i] = redis.call('HSTRLEN', KEYS[2], all[i])
  total = total + sizes[i]
end
-- The newest covered entries within the keep bounds stay (store.ts coveredToKeep), if they fit.
local keepBytes = tonumber(ARGV[5])
local keepEntries = tonumber(ARGV[6])
local keep = 0
local kept = 0
for i = #all, 1, -1 do
  if keep + 1 > keepEntries or kept + sizes[i] > keepBytes then break end
  keep = keep + 1
  kept = kept + sizes[i]
end
local base = tonumber(m[2]) - (m[5] and tonumber(m[5]) or 0) + tonumber(ARGV[3])
if base - (total - kept) > tonumber(ARGV[4]) then
  keep = 0
  kept = 0
end
local bytes = base - (total - kept)
if bytes > tonumber(ARGV[4]) then return reject('quota') end
local seqs = {}
for i = 1, #all - keep do
  seqs[i] = all[i]
  redis.call('HDEL', KEYS[2], all[i])
end
if #seqs > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(seqs[#seqs])) end
if parts > 0 then
  redis.call('RENAME', KEYS[5], KEYS[4])
  redis.call('PERSIST', KEYS[4])
else
  redis.call('DEL', KEYS[4])
end
redis.call('HSET', KEYS[1], 'bytes', bytes, 'entries', tonumber(m[3]) - #seqs,
  'sc', covers, 'sp', parts, 'sb', ARGV[3])
return {1}
`;

/** KEYS m, b · ARGV bytes, maxBytes → {1} | {0, code} */
export const PUT_BLOB = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 'unknown-mailbox'} end
local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes')) - redis.call('STRLEN', KEYS[2]) + string.len(ARGV[1])
if bytes > tonumber(ARGV[2]) then return {0, 'quota'} end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'bytes', bytes)
return {1}
`;

/** KEYS m, retired · ARGV id, day (keeps the earliest day) */
export const RETIRE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local rd = redis.call('HGET', KEYS[1], 'rd')
if rd and tonumber(rd) <= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'rd', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`;

/** KEYS m, open · ARGV id, day (never moves the day back: instances' clocks may differ) */
export const TOUCH = `
local lod = redis.call('HGET', KEYS[1], 'lod')
if not lod or tonumber(lod) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'lod', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`;

/**
 * KEYS m, e, q, s, b, open, retired · ARGV id, idleBeforeDay, retiredBeforeDay → 1 deleted,
 * 0 kept, 2 already gone (index cleaned). Re-checks the mailbox itself: an `open` between the
 * index scan and this step keeps it.
 */
export const SWEEP_ONE = `
local m = redis.call('HMGET', KEYS[1], 'lod', 'rd')
local idle = m[1] and tonumber(m[1]) < tonumber(ARGV[2])
local expired = m[2] and tonumber(m[2]) < tonumber(ARGV[3])
if m[1] and not idle and not expired then return 0 end
redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('ZREM', KEYS[7], ARGV[1])
if m[1] then return 1 end
return 2
`;
