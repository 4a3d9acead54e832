#pragma once
// The comparison of two runs is pure and portable: it lives in sim/trace (the visualizer uses it too).
#include "trace/run_compare.hpp"
