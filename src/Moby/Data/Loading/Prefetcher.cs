using System.Runtime.ExceptionServices;

namespace Moby.Data;

/// <summary>
/// Builds items 0..count-1 on worker threads, at most <c>capacity</c> ahead of the consumer, and yields them in order.
/// Workers are plain threads with no dispose scope, so tensors they create belong to nobody until handed over.
/// Stopping the enumeration early (or an exception) stops the workers and disposes what was built but not taken.
/// </summary>
internal static class Prefetcher
{
    public static IEnumerable<T> Run<T>(int first, int count, int workers, int capacity, Func<int, T> build) where T : class, IDisposable
    {
        var state = new State<T>(first, count, capacity + workers, build);
        var threads = Enumerable.Range(0, Math.Min(workers, Math.Max(count - first, 1)))
            .Select(i => new Thread(state.Work) { IsBackground = true, Name = $"moby-data-{i}" })
            .ToArray();
        foreach (var t in threads)
            t.Start();
        try
        {
            for (int j = first; j < count; j++)
                yield return state.Take(j);
        }
        finally
        {
            state.Stop();
            foreach (var t in threads)
                t.Join();
            state.DisposeLeftovers();
        }
    }

    sealed class State<T>(int first, int count, int window, Func<int, T> build) where T : class, IDisposable
    {
        readonly object _gate = new();
        readonly T?[] _ready = new T?[count];
        readonly SemaphoreSlim _slots = new(window);
        readonly CancellationTokenSource _stop = new();
        int _next = first - 1;
        Exception? _error;

        public void Work()
        {
            try
            {
                while (true)
                {
                    _slots.Wait(_stop.Token);
                    int j = Interlocked.Increment(ref _next);
                    if (j >= count)
                        return;
                    var item = build(j);
                    lock (_gate)
                    {
                        _ready[j] = item;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _error ??= e;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public T Take(int j)
        {
            lock (_gate)
            {
                while (_ready[j] is null && _error is null)
                    Monitor.Wait(_gate);
                if (_ready[j] is not { } item)
                {
                    if (_error is DataException)
                        ExceptionDispatchInfo.Throw(_error);
                    throw new DataException($"data loading failed: {_error!.Message}", _error);
                }
                _ready[j] = null;
                _slots.Release();
                return item;
            }
        }

        public void Stop() => _stop.Cancel();

        public void DisposeLeftovers()
        {
            foreach (var item in _ready)
                item?.Dispose();
            _slots.Dispose();
            _stop.Dispose();
        }
    }
}
