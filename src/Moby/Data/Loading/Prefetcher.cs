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
        readonly object gate = new();
        readonly T?[] ready = new T?[count];
        readonly SemaphoreSlim slots = new(window);
        readonly CancellationTokenSource stop = new();
        int next = first - 1;
        Exception? error;

        public void Work()
        {
            try
            {
                while (true)
                {
                    slots.Wait(stop.Token);
                    int j = Interlocked.Increment(ref next);
                    if (j >= count)
                        return;
                    var item = build(j);
                    lock (gate)
                    {
                        ready[j] = item;
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    error ??= e;
                    Monitor.PulseAll(gate);
                }
            }
        }

        public T Take(int j)
        {
            lock (gate)
            {
                while (ready[j] is null && error is null)
                    Monitor.Wait(gate);
                if (ready[j] is not { } item)
                {
                    if (error is DataException)
                        ExceptionDispatchInfo.Throw(error);
                    throw new DataException($"data loading failed: {error!.Message}", error);
                }
                ready[j] = null;
                slots.Release();
                return item;
            }
        }

        public void Stop() => stop.Cancel();

        public void DisposeLeftovers()
        {
            foreach (var item in ready)
                item?.Dispose();
            slots.Dispose();
            stop.Dispose();
        }
    }
}
