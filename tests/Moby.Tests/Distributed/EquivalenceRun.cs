using Moby.Config;
using Moby.Distributed;
using Moby.Interop;
using Moby.Runs;
using Moby.Ssl;
using Moby.Tests.Training;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>
/// The micro MoBY trained for a few iterations on <see cref="IndexedSource"/> by every rank of a world; each rank
/// writes its final state_dict (weights, queues, BN statistics) to state-{rank}.safetensors. Drop path is 0: its masks
/// come from per-rank RNGs, which one process cannot mirror.
/// </summary>
public static class EquivalenceRun
{
    public const int GlobalImages = 48;

    public static void Train(ICommunicator world, int batchPerRank, string output)
    {
        var tree = MicroRun.Tree(output, "MODEL.MOBY.ONLINE_DROP_PATH_RATE=0", $"DATA.BATCH_SIZE={batchPerRank}", "TRAIN.EPOCHS=2", "TRAIN.OPTIMIZER.EPS=1e-3");
        var settings = TrainingRecipe.From(tree);
        set_num_threads(1);
        // Ranks start from different weights: the broadcast of rank 0's must make them equal.
        manual_seed(settings.Seed + world.Rank);
        using var model = new MoBY(ModelConfigs.MoBY(tree));
        var source = new IndexedSource(batchPerRank, world.Rank, world.Size, GlobalImages / (batchPerRank * world.Size),
                                       TrainingData.InChans(tree), tree.Int("DATA.IMG_SIZE"));
        var checkpoints = new PretrainCheckpoint(output, tree.AsDictionary(), keep: 1);
        using (var trainer = new Pretrainer(model, settings, source, checkpoints, new Observers(), world.Size > 1 ? DataParallel.Attach(model, world) : null))
            trainer.Run();
        CheckpointFile.WriteSafetensors(StatePath(output, world.Rank), model.state_dict());
    }

    public static string StatePath(string output, int rank) => Path.Combine(output, $"state-{rank}.safetensors");
}

