// GCC 13 makes every user of <iostream> reference std::ios_base_library_init() (GLIBCXX_3.4.32) as a
// link-time anchor; it is never called. Debian 12's libstdc++ (GCC 12) lacks it, so TorchSharp's
// libLibTorchSharp.so cannot load there. This shim supplies the symbol (see build/LibTorchSharpFix.cs).
namespace std {
__attribute__((visibility("default"))) void ios_base_library_init() {}
}
