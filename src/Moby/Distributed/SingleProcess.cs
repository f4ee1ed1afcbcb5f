using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>World size 1: every collective is the identity.</summary>
internal sealed class SingleProcess : ICommunicator
{
    public static SingleProcess Instance { get; } = new();

    private SingleProcess() { }

    public int Rank => 0;
    public int Size => 1;
    public void AllReduceSum(Tensor tensor) { }
    public Tensor AllGather(Tensor tensor) => tensor.alias();
    public void Broadcast(Tensor tensor, int root = 0) { }
    public void Abort(int exitCode) => Environment.Exit(exitCode);
    public void Dispose() { }
}
