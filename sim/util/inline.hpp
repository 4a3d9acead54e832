#pragma once
// TCPSIM_UNIT_INLINE marks a function on the per-segment path that has a single caller within that path:
// in the optimized build, where the path is one translation unit (sim/CMakeLists.txt defines
// TCPSIM_ONE_UNIT there), it is always inlined into that caller. GCC will not inline such a function
// by itself (it has external linkage, so "called once" does not apply), and a call's saving and
// restoring of registers, plus what the callee cannot know of its arguments, cost more than its body's
// checks (tests/bench/instructions.sh: 21.4 M -> 20.4 M instructions for the first two marked).
// Elsewhere (Debug and sanitizer builds, the files compiled apart) it is an ordinary function.
// Only for functions called from one place inside the unit, never from another library or a test.
#if defined(TCPSIM_ONE_UNIT) && defined(__GNUC__)
#define TCPSIM_UNIT_INLINE [[gnu::always_inline]] inline
#else
#define TCPSIM_UNIT_INLINE
#endif
