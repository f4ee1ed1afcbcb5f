namespace Moby.Nn;

/// <summary>
/// Sets an <see cref="AsyncLocal{T}"/> for a scope and restores the enclosing value, once, when disposed (scopes nest).
/// The value flows with the async context, as torch.autocast's is per thread: code that opened the scope sees it, what
/// follows and other threads do not.
/// </summary>
internal sealed class AsyncScope<T> : IDisposable
{
    private readonly AsyncLocal<T> slot;
    private readonly T enclosing;
    private bool disposed;

    public AsyncScope(AsyncLocal<T> slot, T value)
    {
        this.slot = slot;
        enclosing = slot.Value!;
        slot.Value = value;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        slot.Value = enclosing;
    }
}
