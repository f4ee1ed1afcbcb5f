using System.Buffers.Binary;
using System.Text;

namespace Moby.Interop;

/// <summary>
/// Walks a pickle's opcodes without executing them, before the unpickler sees it: lists the classes and
/// functions ("module.name") it refers to (Razorvine has no catch-all hook for unknown classes, so the reader
/// registers a fallback constructor for each), and refuses what the unpickler would choke on or could be made
/// to allocate without bound: an argument running past the end, an unknown opcode, no STOP, too many opcodes.
/// </summary>
static class PickleScan
{
    /// <summary>The global names; throws <see cref="BadPickleException"/> for a damaged or oversized pickle.</summary>
    public static IReadOnlyCollection<string> Globals(byte[] pickle)
    {
        var names = new HashSet<string>();
        string? previousString = null, lastString = null;
        var position = 0;
        for (var opcodes = 1; position < pickle.Length; opcodes++)
        {
            if (opcodes > CheckpointLimits.MaxPickleOpcodes)
                throw new BadPickleException($"data.pkl has more than {CheckpointLimits.MaxPickleOpcodes:N0} opcodes (the limit for a checkpoint)");
            var at = position;
            var opcode = pickle[position++];
            switch (opcode)
            {
                case (byte)'.': // STOP
                    return names;
                case (byte)'c' or (byte)'i': // GLOBAL, INST: "module\nname\n"
                    var module = Line(pickle, ref position);
                    names.Add($"{module}.{Line(pickle, ref position)}");
                    break;
                case 0x93: // STACK_GLOBAL takes module and name from the two strings just pushed
                    if (previousString is not null && lastString is not null) names.Add($"{previousString}.{lastString}");
                    break;
                case 0x8c or (byte)'X' or 0x8d: // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
                    var length = LengthPrefix(pickle, ref position, opcode == 0x8c ? 1 : opcode == (byte)'X' ? 4 : 8);
                    (previousString, lastString) = (lastString, Encoding.UTF8.GetString(pickle, position, length));
                    position += length;
                    break;
                default:
                    if (!Skip(opcode, pickle, ref position))
                        throw new BadPickleException($"data.pkl has an unknown opcode 0x{opcode:x2} at byte {at}");
                    break;
            }
            if (position > pickle.Length)
                throw new BadPickleException($"data.pkl ends inside the argument of the opcode at byte {at} (truncated?)");
        }
        throw new BadPickleException("data.pkl ends without a STOP opcode (truncated?)");
    }

    /// <summary>Moves past the argument of every other opcode; false for an unknown opcode.</summary>
    static bool Skip(byte opcode, byte[] pickle, ref int position)
    {
        switch (opcode)
        {
            case (byte)'K' or (byte)'h' or (byte)'q' or 0x80 or 0x82: position += 1; return true;
            case (byte)'M' or 0x83: position += 2; return true;
            case (byte)'J' or (byte)'j' or (byte)'r' or 0x84: position += 4; return true;
            case (byte)'G' or 0x95: position += 8; return true;
            case (byte)'U' or (byte)'C': return SkipCounted(pickle, ref position, 1);
            case (byte)'T' or (byte)'B': return SkipCounted(pickle, ref position, 4);
            case 0x8a or 0x8b: // LONG1, LONG4: a little-endian two's-complement integer of the counted bytes
                var at = position - 1;
                var bytes = LengthPrefix(pickle, ref position, opcode == 0x8a ? 1 : 4);
                if (bytes > CheckpointLimits.MaxPickleIntegerBytes)
                    throw TooLongInteger(at, $"{bytes:N0} bytes", $"{CheckpointLimits.MaxPickleIntegerBytes} bytes");
                position += bytes;
                return true;
            case (byte)'I' or (byte)'L': // INT, LONG: decimal text on one line
                // Looked for only as far as the limit (+ a sign and Python 2's trailing 'L'), not to a distant newline.
                var longest = CheckpointLimits.MaxPickleIntegerDigits + 2;
                if (pickle.Length - position > longest && Array.IndexOf(pickle, (byte)'\n', position, longest + 1) < 0)
                    throw TooLongInteger(position - 1, $"more than {CheckpointLimits.MaxPickleIntegerDigits} digits", $"{CheckpointLimits.MaxPickleIntegerDigits} digits");
                Line(pickle, ref position);
                return true;
            case 0x8e or 0x96: return SkipCounted(pickle, ref position, 8);
            case (byte)'F' or (byte)'S' or (byte)'V' or (byte)'P' or (byte)'g' or (byte)'p':
                Line(pickle, ref position);
                return true;
            default:
                return "(012NRabd}el]ostu)Q".Contains((char)opcode) || opcode is >= 0x81 and <= 0x98;
        }
    }

    /// <summary>
    /// Skips a length-prefixed argument. Two statements on purpose: "position += LengthPrefix(ref position)"
    /// adds the length to the position from before the prefix was read.
    /// </summary>
    static bool SkipCounted(byte[] pickle, ref int position, int size)
    {
        var length = LengthPrefix(pickle, ref position, size);
        position += length;
        return true;
    }

    /// <summary>A length argument; one that reaches past the end of the pickle is refused here.</summary>
    static int LengthPrefix(byte[] pickle, ref int position, int size)
    {
        var start = position;
        if (pickle.Length - position < size)
            throw new BadPickleException($"data.pkl ends inside a length at byte {start} (truncated?)");
        var bytes = pickle.AsSpan(position, size);
        position += size;
        var length = size switch
        {
            1 => bytes[0],
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
        if (length > (ulong)(pickle.Length - position))
            throw new BadPickleException($"data.pkl declares {length} bytes at byte {start}, past its end (truncated?)");
        return (int)length;
    }

    /// <summary>
    /// Integers come from the file as text or bytes of any length, and turning them into numbers (or numbers
    /// into text) costs time quadratic in their length: 60 million digits took minutes. No checkpoint holds an
    /// integer anywhere near the limit, so one beyond it is refused before the unpickler parses it.
    /// </summary>
    static BadPickleException TooLongInteger(int at, string length, string limit) =>
        new($"data.pkl has an integer of {length} at byte {at} (a number in a checkpoint may have at most {limit})");

    static string Line(byte[] pickle, ref int position)
    {
        var end = Array.IndexOf(pickle, (byte)'\n', position);
        if (end < 0)
            throw new BadPickleException($"data.pkl ends inside a text argument at byte {position} (truncated?)");
        var line = Encoding.UTF8.GetString(pickle, position, end - position);
        position = end + 1;
        return line;
    }
}
