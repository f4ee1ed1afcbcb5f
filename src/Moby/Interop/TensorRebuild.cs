using Razorvine.Pickle;

namespace Moby.Interop;

/// <summary>
/// torch._utils._rebuild_tensor_v2(storage, offset, shape, stride, ...): a tensor as a strided view of a
/// storage. Offset, shape and stride come from the file, so they are checked to stay inside the storage
/// before LibTorch sees them (it would read out of bounds or print a C++ backtrace).
/// </summary>
sealed class TensorRebuild : IObjectConstructor
{
    public object construct(object[] args)
    {
        if (args.Length < 4 || args[0] is not PthStorage storage)
            throw new BadPickleException($"data.pkl has a tensor record without a storage ({(args.Length == 0 ? "no arguments" : PythonValues.Describe(args[0]))})");
        var what = $"the tensor in storage '{ShownNames.One(storage.Key)}'";
        var offset = PythonValues.Count(args[1], $"the storage offset of {what}");
        var shape = Dimensions(args[2], $"the shape of {what}");
        var stride = Dimensions(args[3], $"the stride of {what}");
        if (stride.Length != shape.Length)
            throw new BadPickleException($"{what} has {shape.Length} dimensions but {stride.Length} strides");
        if (!Fits(offset, shape, stride, storage.Elements))
            throw new BadPickleException($"{what} (offset {offset}, shape [{string.Join(", ", shape)}], stride [{string.Join(", ", stride)}]) reaches past the storage's {storage.Elements:N0} elements");
        // A view, not a copy: tensors that share a storage share its memory, as in PyTorch. Copying each one
        // let 60 views of one 64 MB storage take 3.8 GB. Writers copy what they write (TensorBytes.Standalone).
        return storage.Data.as_strided(shape, stride, offset);
    }

    static long[] Dimensions(object? value, string what)
    {
        if (value is not object[] items)
            throw new BadPickleException($"{what} is {PythonValues.Describe(value)}, not a tuple");
        if (items.Length > CheckpointLimits.MaxDimensions)
            throw new BadPickleException($"{what} has {items.Length} dimensions, more than {CheckpointLimits.MaxDimensions}");
        return items.Select(item => PythonValues.Count(item, what)).ToArray();
    }

    /// <summary>
    /// The last element the view touches lies inside the storage (an empty view only needs its offset to), and
    /// the view has no more elements than the storage: whoever copies or writes it out makes a tensor of its
    /// own, so a zero stride must not turn a small storage into a huge tensor.
    /// </summary>
    static bool Fits(long offset, long[] shape, long[] stride, long elements)
    {
        if (offset > elements) return false;
        if (shape.Contains(0)) return true;
        try
        {
            long last = offset, count = 1;
            for (var i = 0; i < shape.Length; i++)
            {
                last = checked(last + (shape[i] - 1) * stride[i]);
                count = checked(count * shape[i]);
            }
            return last < elements && count <= elements;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
