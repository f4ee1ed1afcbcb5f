using Moby.Distributed;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>
/// An in-process stand-in for <paramref name="size"/> ranks that all hold this process's data: a sum over ranks is
/// size times the local value, a gather repeats the local tensor. Lets the collective code paths run without MPI.
/// </summary>
public sealed class MirrorWorld(int size) : ICommunicator
{
    public int Rank => 0;
    public int Size => size;
    public void AllReduceSum(Tensor tensor) => tensor.mul_(size);
    public Tensor AllGather(Tensor tensor) => cat(Enumerable.Repeat(tensor, size).ToList(), 0);
    public void Broadcast(Tensor tensor, int root = 0) { }
    public void Abort(int exitCode) => throw new InvalidOperationException($"abort {exitCode}");
    public void Dispose() { }
}
