-- amp-connect Redis sink: applies ONE unit of work (rows, batch registry, pre-images, invalidation undo,
-- pruning, table state, Kafka offsets) as one script, so it is atomic and isolated (sink rules 6 and 7).
--
-- Redis does not roll a script back, so the script runs its op stream twice: pass 1 only CHECKS (the
-- fencing epochs, the type of every collection key) and returns an error before anything is written;
-- pass 2 writes, using only commands that cannot fail on the keys it prepared.
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

local function restore_expiry(key, at)
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

local function skip_row(structure)
  if structure == 'hash' or structure == 'stream' then
    local n = tonumber(ARGV[pos + 2])
    pos = pos + 3 + 2 * n
  elseif structure == 'zset' then
    pos = pos + 4
  else
    pos = pos + 3
  end
end

local function write_replacing(structure, p, key, ttl)
  if structure == 'hash' then
    local n = tonumber(ARGV[p + 2])
    redis.call('HSET', key, unpack(ARGV, p + 3, p + 2 + 2 * n))
    if ttl > 0 then
      redis.call('PEXPIRE', key, ttl)
    end
  elseif ttl > 0 then
    redis.call('SET', key, ARGV[p + 2], 'PX', ttl)
  else
    redis.call('SET', key, ARGV[p + 2])
  end
end

-- hash and string rows: seq, key, (n, field/value pairs | json)
local function write_replacing_block(structure, unique, ttl, rows)
  local done = 0
  while done < rows do
    local starts = {}
    local keys = {}
    local count = 0
    while count < EXISTS_CHUNK and done < rows do
      count = count + 1
      done = done + 1
      starts[count] = pos
      keys[count] = ARGV[pos + 1]
      skip_row(structure)
    end
    local existing = 1
    if unique then
      existing = redis.call('EXISTS', unpack(keys))
    end
    for j = 1, count do
      local p = starts[j]
      local seq = ARGV[p]
      local key = keys[j]
      if existing > 0 then
        make_room(seq, key)
      elseif seq ~= '-' then
        log(undo_key(seq), 'k' .. key, '0')
      end
      write_replacing(structure, p, key, ttl)
    end
  end
  flush_logs()
end

local EXPECTED_TYPE = { stream = 'stream', set = 'set', zset = 'zset' }

-- pass 1 of a collection block: every key must be absent or of the structure's type
local function check_collection_block(structure, block, rows)
  local checked = {}
  for row = 0, rows - 1 do
    local key = ARGV[pos + 1]
    if not checked[key] then
      checked[key] = true
      local kind = redis.call('TYPE', key)['ok']
      if kind ~= 'none' and kind ~= EXPECTED_TYPE[structure] then
        return {'WRONGTYPE', tostring(block), tostring(row), key, kind}
      end
    end
    skip_row(structure)
  end
  return nil
end

local function entry_field(prefix, key, rest)
  return prefix .. #key .. ':' .. key .. rest
end

-- stream, set and zset rows: seq, key, then (n, field/value pairs | member | score, member)
local function write_collection_block(structure, ttl, rows)
  local touched = {}
  local touched_order = {}
  for _ = 1, rows do
    local p = pos
    local seq = ARGV[p]
    local key = ARGV[p + 1]
    skip_row(structure)
    local first = seq .. '\n' .. key
    if not touched[first] then
      touched[first] = true
      if not touched[key] then
        touched[key] = true
        touched_order[#touched_order + 1] = key
      end
      if ttl > 0 and seq ~= '-' then
        redis.call('HSETNX', undo_key(seq), 'e' .. key, expiry_of(key))
      end
    end
    if structure == 'stream' then
      local n = tonumber(ARGV[p + 2])
      local id = redis.call('XADD', key, '*', unpack(ARGV, p + 3, p + 2 + 2 * n))
      if seq ~= '-' then
        log(undo_key(seq), entry_field('x', key, id), '0')
      end
    elseif structure == 'set' then
      local member = ARGV[p + 2]
      if redis.call('SADD', key, member) == 1 and seq ~= '-' then
        log(undo_key(seq), entry_field('m', key, member), '0')
      end
    else
      local score = ARGV[p + 2]
      local member = ARGV[p + 3]
      if seq ~= '-' then
        local old = redis.call('ZSCORE', key, member)
        redis.call('HSETNX', undo_key(seq), entry_field('z', key, member), old or '')
      end
      redis.call('ZADD', key, score, member)
    end
  end
  flush_logs()
  if ttl > 0 then
    for _, key in ipairs(touched_order) do
      redis.call('PEXPIRE', key, ttl)
    end
  end
end

local function split_entry(field)
  local colon = string.find(field, ':', 2, true)
  local length = tonumber(string.sub(field, 2, colon - 1))
  return string.sub(field, colon + 1, colon + length), string.sub(field, colon + length + 1)
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
    if kind == 'k' then
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
      expiries[#expiries + 1] = tonumber(value)
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

local function run(apply)
  pos = 3
  tbl = nil
  local block = 0
  while pos <= #ARGV do
    local op = nxt()
    if op == 'F' then
      -- per partition: epoch field, the task's epoch, next field, the next offset the task believes stored
      -- ('' for none), the unit's new next offset
      local n = num()
      local applied = 0
      for _ = 1, n do
        local epoch_field = nxt()
        local epoch = nxt()
        local next_field = nxt()
        local expected = nxt()
        local new_next = nxt()
        if not apply then
          local stored = redis.call('HGET', offsets, epoch_field)
          if stored ~= epoch then
            return {'FENCED', epoch_field, stored or '', epoch}
          end
          local next = redis.call('HGET', offsets, next_field) or ''
          if next == new_next then
            applied = applied + 1
          elseif next ~= expected then
            return {'STALE', next_field, next, expected}
          end
        end
      end
      if not apply and applied > 0 then
        if applied == n then
          return {'APPLIED'}
        end
        return {'STALE', 'partially applied', tostring(applied), tostring(n)}
      end
    elseif op == 'T' then
      tbl = nxt()
      retracted = {}
      retracted_order = {}
    elseif op == 'W' then
      local structure = nxt()
      local unique = nxt() == '1'
      local ttl = num()
      local rows = num()
      if structure == 'hash' or structure == 'string' then
        if apply then
          write_replacing_block(structure, unique, ttl, rows)
        else
          for _ = 1, rows do
            skip_row(structure)
          end
        end
      elseif apply then
        write_collection_block(structure, ttl, rows)
      else
        local failure = check_collection_block(structure, block, rows)
        if failure then
          return failure
        end
      end
      block = block + 1
    elseif op == 'R' then
      local list = pairs_list(num())
      if apply and #list > 0 then
        hset_chunked(batches_key(), list)
      end
    elseif op == 'U' then
      local seq = nxt()
      if apply then
        undo_batch(seq)
      end
    elseif op == 'X' then
      local batches_json = nxt()
      local ttl = num()
      if apply then
        append_retractions(batches_json, ttl)
      end
    elseif op == 'P' then
      local seq = nxt()
      if apply then
        prune_batch(seq)
      end
    elseif op == 'C' then
      local list = pairs_list(num())
      if apply and #list > 0 then
        hset_chunked(sp .. 'columns:' .. tbl, list)
      end
    elseif op == 'S' then
      local list = pairs_list(num())
      if apply then
        hset_chunked(sp .. 'table:' .. tbl, list)
        redis.call('SADD', sp .. 'tables', tbl)
      end
    elseif op == 'G' then
      local list = pairs_list(num())
      if apply then
        redis.call('DEL', sp .. 'progress:' .. tbl)
        if #list > 0 then
          hset_chunked(sp .. 'progress:' .. tbl, list)
        end
      end
    elseif op == 'O' then
      local list = pairs_list(num())
      if apply and #list > 0 then
        hset_chunked(offsets, list)
      end
    else
      return {'PROTOCOL', 'unknown op ' .. tostring(op) .. ' at ' .. tostring(pos - 1)}
    end
  end
  return nil
end

local failure = run(false)
if failure then
  return failure
end
run(true)
return {'OK'}
