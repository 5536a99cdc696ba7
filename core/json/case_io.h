// convbp_json in one include: CASE.json reading (case_reader.h), writing
// (case_writer.h) and the `compute` JSON (results_writer.h).
#pragma once

#include "case_reader.h"
#include "case_writer.h"
#include "results_writer.h"
