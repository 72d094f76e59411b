-- amp-connect Redis sink: the keyed half of ONE unit of work. The store runs it twice inside the unit's
-- MULTI/EXEC (WATCH on the offsets key fences other tasks, see RedisStore):
--   1. before the rows' own commands: for every row key, keep the pre-image of what the row's batch
--      overwrites (RENAME aside, or note it absent) and log what the batch adds (its undo log); stream
--      rows are written here too (XADD's id must be logged);
--   2. after them: registry entries, the undo of invalidated batches, pruning, catalog, table state,
--      progress and the new offsets.
-- Every command used here cannot fail on keys whose types the store checked before MULTI, because Redis
-- does not roll back a script or a transaction.
--
-- KEYS[1]  the connector's offsets hash (declared for routing; every other key shares its hash tag)
-- ARGV[1]  protocol version ("1"), ARGV[2] the connector's state prefix ("amp:{name}:"), then the ops
-- (see RedisUnitEncoder for the layout of each op).

if redis.replicate_commands then
  pcall(redis.replicate_commands)
end

if ARGV[1] ~= '1' then
  return {'PROTOCOL', ARGV[1] or ''}
end

local offsets = KEYS[1]
local sp = ARGV[2]
local CHUNK = 3000 -- field/value pairs per variadic call (Lua's unpack() stack limit is 8000 values)
local EXISTS_CHUNK = 500

local pos
local tbl
local retracted
local retracted_order

local function nxt()
  local value = ARGV[pos]
  pos = pos + 1
  return value
end

local function num()
  return tonumber(nxt())
end

local function undo_key(seq)
  return sp .. 'undo:' .. tbl .. ':' .. seq
end

local function pre_key(seq, key)
  return sp .. 'pre:' .. tbl .. ':' .. seq .. ':' .. key
end

local function batches_key()
  return sp .. 'batches:' .. tbl
end

local now_ms
local function now()
  if not now_ms then
    local t = redis.call('TIME')
    now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now_ms
end

-- batched HSET of undo-log entries, per undo key
local pending = {}
local pending_order = {}

local function log(undo, field, value)
  local list = pending[undo]
  if not list then
    list = {}
    pending[undo] = list
    pending_order[#pending_order + 1] = undo
  end
  list[#list + 1] = field
  list[#list + 1] = value
  if #list >= 2 * CHUNK then
    redis.call('HSET', undo, unpack(list))
    pending[undo] = {}
  end
end

local function flush_logs()
  for _, undo in ipairs(pending_order) do
    local list = pending[undo]
    if #list > 0 then
      redis.call('HSET', undo, unpack(list))
    end
  end
  pending = {}
  pending_order = {}
end

local function hset_chunked(key, list)
  local i = 1
  while i <= #list do
    local last = math.min(i + 2 * CHUNK - 1, #list)
    redis.call('HSET', key, unpack(list, i, last))
    i = last + 1
  end
end

-- absolute expiry of a key: ms since epoch, -1 persistent, -2 absent
local function expiry_of(key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    return ttl
  end
  return now() + ttl
end

local function restore_expiry(key, value)
  if string.sub(value, 1, 1) == 'r' then
    if redis.call('EXISTS', key) == 1 then
      redis.call('PEXPIRE', key, tonumber(string.sub(value, 2)))
    end
    return
  end
  local at = tonumber(value)
  if at == -2 then
    redis.call('DEL', key)
  elseif redis.call('EXISTS', key) == 1 then
    if at == -1 then
      redis.call('PERSIST', key)
    elseif at <= now() then
      redis.call('DEL', key)
    else
      redis.call('PEXPIREAT', key, at)
    end
  end
end

-- makes `key` free for a replacing write of batch `seq` (hash, string): the first time a batch touches a
-- key, the value there is moved aside as the batch's pre-image (RENAME keeps its type and TTL) or noted
-- as absent; a key the batch itself wrote before is simply deleted
local function make_room(seq, key)
  local exists = redis.call('EXISTS', key)
  if seq == '-' then
    if exists == 1 then
      redis.call('DEL', key)
    end
    return
  end
  if redis.call('HSETNX', undo_key(seq), 'k' .. key, exists) == 1 then
    if exists == 1 then
      redis.call('RENAME', key, pre_key(seq, key))
    end
  elseif exists == 1 then
    redis.call('DEL', key)
  end
end

-- hash and string row keys, grouped by batch: nslices (seq count key*count)*
local function prepare_replacing_block(unique)
  local slices = num()
  for _ = 1, slices do
    local seq = nxt()
    local count = num()
    local first = pos
    pos = pos + count
    local done = 0
    while done < count do
      local last = math.min(done + EXISTS_CHUNK, count)
      local existing = 1
      if unique then
        existing = redis.call('EXISTS', unpack(ARGV, first + done, first + last - 1))
      end
      if existing > 0 then
        for i = first + done, first + last - 1 do
          make_room(seq, ARGV[i])
        end
      elseif seq ~= '-' then
        -- keys of unique rows that are all new: one packed undo entry per chunk (len:key...), far smaller
        -- and cheaper than one field per key
        local packed = {}
        for i = first + done, first + last - 1 do
          local key = ARGV[i]
          packed[#packed + 1] = #key .. ':' .. key
        end
        local undo = undo_key(seq)
        local id = redis.call('HINCRBY', undo, '#', 1)
        redis.call('HSET', undo, 'K' .. id, table.concat(packed))
      end
      done = last
    end
  end
  flush_logs()
end

local function entry_field(prefix, key, rest)
  return prefix .. #key .. ':' .. key .. rest
end

-- keeps a collection key's expiry (ms since epoch, -1 persistent, -2 absent) in the batch's undo log
local function capture_expiry(seq, key)
  redis.call('HSETNX', undo_key(seq), 'e' .. key, expiry_of(key))
end

-- set and zset rows (their SADD/ZADD follow in the transaction): nrows (seq key member flags)*; flags
-- (decided by the store, which knows the earlier rows of the unit): 1 = keep the member's pre-image
-- (membership / score) as the store holds it, 2 = keep the key's expiry
local function prepare_member_block(structure)
  local rows = num()
  for _ = 1, rows do
    local seq = nxt()
    local key = nxt()
    local member = nxt()
    local flags = num()
    if seq ~= '-' then
      if flags >= 2 then
        capture_expiry(seq, key)
      end
      if flags % 2 == 1 then
        if structure == 'set' then
          if redis.call('SISMEMBER', key, member) == 0 then
            log(undo_key(seq), entry_field('m', key, member), '0')
          end
        else
          local old = redis.call('ZSCORE', key, member)
          redis.call('HSETNX', undo_key(seq), entry_field('z', key, member), old or '')
        end
      end
    end
  end
  flush_logs()
end

-- stream rows, written here: nrows (seq key n (field value)*n)*
local stream_writers = {}
local function write_stream_block(ttl)
  local rows = num()
  local touched = {}
  local keys = {}
  local key_order = {}
  for _ = 1, rows do
    local seq = nxt()
    local key = nxt()
    local n = num()
    local first = seq .. '\n' .. key
    if ttl > 0 and seq ~= '-' and not touched[first] then
      touched[first] = true
      local previous = stream_writers[key]
      if previous and previous ~= seq then
        -- an earlier batch of this unit wrote the key and set its TTL: undo refreshes it
        redis.call('HSETNX', undo_key(seq), 'e' .. key, 'r' .. ttl)
      else
        capture_expiry(seq, key)
      end
    end
    stream_writers[key] = seq
    local id = redis.call('XADD', key, '*', unpack(ARGV, pos, pos + 2 * n - 1))
    pos = pos + 2 * n
    if seq ~= '-' then
      log(undo_key(seq), entry_field('x', key, id), '0')
    end
    if not keys[key] then
      keys[key] = true
      key_order[#key_order + 1] = key
    end
  end
  flush_logs()
  if ttl > 0 then
    for _, key in ipairs(key_order) do
      redis.call('PEXPIRE', key, ttl)
    end
  end
end

local function split_entry(field)
  local colon = string.find(field, ':', 2, true)
  local length = tonumber(string.sub(field, 2, colon - 1))
  return string.sub(field, colon + 1, colon + length), string.sub(field, colon + length + 1)
end

-- deletes the keys of a packed undo entry (len:key len:key ...)
local function delete_packed(packed)
  local keys = {}
  local at = 1
  while at <= #packed do
    local colon = string.find(packed, ':', at, true)
    local length = tonumber(string.sub(packed, at, colon - 1))
    keys[#keys + 1] = string.sub(packed, colon + 1, colon + length)
    at = colon + length + 1
    if #keys >= EXISTS_CHUNK then
      redis.call('DEL', unpack(keys))
      keys = {}
    end
  end
  if #keys > 0 then
    redis.call('DEL', unpack(keys))
  end
end

-- undoes one batch: restores every pre-image it kept, removes what it added, forgets it
local function undo_batch(seq)
  local undo = undo_key(seq)
  local entries = redis.call('HGETALL', undo)
  local expiries = {}
  for i = 1, #entries, 2 do
    local field = entries[i]
    local value = entries[i + 1]
    local kind = string.sub(field, 1, 1)
    if kind == 'K' then
      delete_packed(value)
    elseif kind == '#' then
      -- the counter of packed entries
    elseif kind == 'k' then
      local key = string.sub(field, 2)
      redis.call('DEL', key)
      if value == '1' then
        local pre = pre_key(seq, key)
        if redis.call('EXISTS', pre) == 1 then
          redis.call('RENAME', pre, key)
        end
      end
    elseif kind == 'e' then
      expiries[#expiries + 1] = string.sub(field, 2)
      expiries[#expiries + 1] = value
    else
      local key, rest = split_entry(field)
      if kind == 'm' then
        redis.call('SREM', key, rest)
      elseif kind == 'z' then
        if value == '' then
          redis.call('ZREM', key, rest)
        else
          redis.call('ZADD', key, value, rest)
        end
      elseif kind == 'x' then
        redis.call('XDEL', key, rest)
        if not retracted[key] then
          retracted[key] = 0
          retracted_order[#retracted_order + 1] = key
        end
        retracted[key] = retracted[key] + 1
      end
    end
  end
  for i = 1, #expiries, 2 do
    restore_expiry(expiries[i], expiries[i + 1])
  end
  redis.call('DEL', undo)
  redis.call('HDEL', batches_key(), seq)
end

-- forgets a batch that left the reorg window: its rows stay, its pre-images and undo log go
local function prune_batch(seq)
  local undo = undo_key(seq)
  local entries = redis.call('HGETALL', undo)
  for i = 1, #entries, 2 do
    if entries[i + 1] == '1' and string.sub(entries[i], 1, 1) == 'k' then
      redis.call('DEL', pre_key(seq, string.sub(entries[i], 2)))
    end
  end
  redis.call('DEL', undo)
  redis.call('HDEL', batches_key(), seq)
end

-- one control entry per stream key that lost entries, so stream consumers see the retraction
local function append_retractions(batches_json, ttl)
  for _, key in ipairs(retracted_order) do
    redis.call('XADD', key, '*', '_amp_kind', 'invalidation', '_amp_batches', batches_json,
      '_amp_deleted', tostring(retracted[key]))
    if ttl > 0 then
      redis.call('PEXPIRE', key, ttl)
    end
  end
end

local function pairs_list(n)
  local list = {}
  for i = 1, 2 * n do
    list[i] = nxt()
  end
  return list
end

pos = 3
while pos <= #ARGV do
  local op = nxt()
  if op == 'T' then
    tbl = nxt()
    retracted = {}
    retracted_order = {}
  elseif op == 'W' then
    local structure = nxt()
    local unique = nxt() == '1'
    local ttl = num()
    if structure == 'hash' or structure == 'string' then
      prepare_replacing_block(unique)
    elseif structure == 'stream' then
      write_stream_block(ttl)
    else
      prepare_member_block(structure)
    end
  elseif op == 'R' then
    local list = pairs_list(num())
    if #list > 0 then
      hset_chunked(batches_key(), list)
    end
  elseif op == 'U' then
    undo_batch(nxt())
  elseif op == 'X' then
    local batches_json = nxt()
    append_retractions(batches_json, num())
  elseif op == 'P' then
    prune_batch(nxt())
  elseif op == 'C' then
    local list = pairs_list(num())
    if #list > 0 then
      hset_chunked(sp .. 'columns:' .. tbl, list)
    end
  elseif op == 'S' then
    local list = pairs_list(num())
    hset_chunked(sp .. 'table:' .. tbl, list)
    redis.call('SADD', sp .. 'tables', tbl)
  elseif op == 'G' then
    local list = pairs_list(num())
    redis.call('DEL', sp .. 'progress:' .. tbl)
    if #list > 0 then
      hset_chunked(sp .. 'progress:' .. tbl, list)
    end
  elseif op == 'O' then
    local list = pairs_list(num())
    if #list > 0 then
      hset_chunked(offsets, list)
    end
  else
    return {'PROTOCOL', 'unknown op ' .. tostring(op) .. ' at ' .. tostring(pos - 1)}
  end
end
return {'OK'}
