Moby.Cli.LibTorchLocator.EnsureLoadable();
Moby.Nn.NativeHeap.ReuseFreedMemory(); // the command owns the process: tensors reuse freed memory (see NativeHeap)
return Moby.Cli.MobyApp.Run(args);
