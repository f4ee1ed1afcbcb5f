using System.Text;
using Razorvine.Pickle;

namespace Moby.Interop;

/// <summary>
/// A dictionary to be pickled as collections.OrderedDict, as torch.save writes a state_dict. It is
/// deliberately not an IDictionary: Razorvine writes those as plain dicts before consulting custom picklers.
/// </summary>
sealed class PickledOrderedDict(IReadOnlyList<KeyValuePair<object, object?>> items)
{
    public IReadOnlyList<KeyValuePair<object, object?>> Items { get; } = items;

    /// <summary>Emits OrderedDict() and its items in SETITEMS batches, exactly as CPython does.</summary>
    internal sealed class Writer : IObjectPickler
    {
        static readonly byte[] Global = Encoding.ASCII.GetBytes("collections\nOrderedDict\n");

        public void pickle(object o, Stream outs, Pickler currentPickler)
        {
            outs.WriteByte(Opcodes.GLOBAL);
            outs.Write(Global);
            outs.WriteByte(Opcodes.EMPTY_TUPLE);
            outs.WriteByte(Opcodes.REDUCE);
            foreach (var batch in ((PickledOrderedDict)o).Items.Chunk(UnpickledObject.SetItemsBatch))
            {
                outs.WriteByte(Opcodes.MARK);
                foreach (var (key, value) in batch)
                {
                    currentPickler.save(key);
                    currentPickler.save(value);
                }
                outs.WriteByte(Opcodes.SETITEMS);
            }
        }
    }
}
