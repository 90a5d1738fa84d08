"""onnxruntime sessions as the workers run them: one thread each, on one arena per process."""
_arena_registered = False


def session(model_bytes):
    """An onnxruntime session on one thread (workers are the parallelism)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3   # errors only: ORT's notes on a graph are no news for the server's log
    # Memory patterns are planned and kept per input shape, and with free shapes nearly every
    # photo has its own: the plans pile up for the worker's life (33 MB in 18 photos, no faster).
    options.enable_mem_pattern = False
    use_exact_arena(onnxruntime, options)
    return onnxruntime.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


SAME_AS_REQUESTED = 1   # OrtArenaCfg's arena_extend_strategy: grow by what a tensor needs


def use_exact_arena(onnxruntime, options):
    """Make the sessions' CPU arena grow by what is asked, not to the next power of two.

    The default doubling leaves the arena with room no tensor uses, and a larger photo
    doubles it again: 45 MB less at a worker's peak over the fixture photos, no slower
    (bench/export.py). The arena stays: without it every tensor is a fresh allocation,
    70% more CPU time. The allocator is the process's, registered once and shared by
    its sessions.
    """
    global _arena_registered
    if not _arena_registered:
        config = onnxruntime.OrtArenaCfg(0, SAME_AS_REQUESTED, -1, -1)   # max_mem 0 and -1: ORT's defaults
        memory = onnxruntime.OrtMemoryInfo("Cpu", onnxruntime.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0,
                                           onnxruntime.OrtMemType.DEFAULT)
        onnxruntime.create_and_register_allocator(memory, config)
        _arena_registered = True
    options.add_session_config_entry("session.use_env_allocators", "1")
