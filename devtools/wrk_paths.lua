-- wrk's requests: each one a path from a file of paths, one a line, the first the most
-- popular. Line k is chosen with a probability proportional to 1 / k^s: Zipf's law of
-- popularity for s around 1, every line alike for s = 0.
--
--   wrk -s devtools/wrk_paths.lua http://127.0.0.1:PORT -- PATHS_FILE S SEED THREADS
--
-- With WRK_CRAWL=1 in the environment, the threads instead walk the file once, in order,
-- each line requested once, and stop at its end: a cache's warm-up by popularity.
-- With WRK_COUNT_CACHE=1, each thread counts the answers an edge says it served from its
-- cache (X-Cache: HIT) and those it did not.
--
-- Requests accept gzip, as browsers do; a cache that compresses sends less.
--
-- When done, prints one line `wrk-summary {json}` for devtools/wrk.py.

local count = 0
local threads = {}

function setup(thread)
    count = count + 1
    thread:set("thread_number", count)
    threads[#threads + 1] = thread
end

local paths, cumulative, total = {}, {}, 0
local crawl, walked, stride = os.getenv("WRK_CRAWL") == "1", 0, 1
local count_cache = os.getenv("WRK_COUNT_CACHE") == "1"
-- Globals, so that done() can read each thread's with thread:get.
hits, misses = 0, 0
wrk.headers["Accept-Encoding"] = "gzip"

function init(args)
    local s = tonumber(args[2] or "0")
    for line in io.lines(args[1]) do
        paths[#paths + 1] = line
        total = total + 1 / ((#paths) ^ s)
        cumulative[#paths] = total
    end
    -- Each thread draws its own sequence, the same in every run.
    math.randomseed(tonumber(args[3] or "1") * 1000 + thread_number)
    stride = tonumber(args[4] or "1")
    -- wrk asks each thread for one request before it sends any, and drops it: the walk
    -- starts a step back, so that call costs no line.
    walked = thread_number - 2 * stride
end

function request()
    if crawl then
        -- Thread t of n takes lines t, t + n, t + 2n...; past the end, the last line again
        -- until its answers come back.
        walked = walked + stride
        return wrk.format(nil, paths[math.max(1, math.min(walked, #paths))])
    end
    local target, low, high = math.random() * total, 1, #paths
    while low < high do
        local middle = math.floor((low + high) / 2)
        if cumulative[middle] < target then
            low = middle + 1
        else
            high = middle
        end
    end
    return wrk.format(nil, paths[low])
end

-- Only defined when needed: wrk reads every answer's headers into Lua when it is.
if crawl or count_cache then
    function response(status, headers, body)
        if count_cache then
            if headers["X-Cache"] == "HIT" then
                hits = hits + 1
            else
                misses = misses + 1
            end
        end
        if crawl and walked > #paths then
            wrk.thread:stop()
        end
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    local all_hits, all_misses = 0, 0
    for _, thread in ipairs(threads) do
        all_hits = all_hits + (thread:get("hits") or 0)
        all_misses = all_misses + (thread:get("misses") or 0)
    end
    io.write(string.format(
        'wrk-summary {"requests": %d, "microseconds": %d, "connect": %d, "read": %d, '
            .. '"write": %d, "status": %d, "timeout": %d, "p50": %d, "p99": %d, '
            .. '"hits": %d, "misses": %d}\n',
        summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
        latency:percentile(50), latency:percentile(99), all_hits, all_misses))
end
