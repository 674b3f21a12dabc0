// What the reference model decided where the specification is silent or contradicts itself,
// and which clauses it implements, so that the runner can print both beside its results.
#pragma once

#include <string>
#include <vector>

namespace bitscts::model {

// One choice the model made for a clause the specification marks unclear or conflicting.
struct ModelReading {
  std::string clause;   // spec clause id, e.g. "HT-QI-3"
  std::string reading;  // what the model does, in one or two sentences
};

// Returns every reading the model chose, one entry per clause id, in spec order.
std::vector<ModelReading> ModelReadings();

// Returns every spec clause id whose behaviour the model implements and exposes through the
// Target interface or the model's own extensions.
std::vector<std::string> ImplementedClauses();

// Returns the clause ids the model does not implement, each with the reason.
std::vector<ModelReading> UnimplementedClauses();

}  // namespace bitscts::model
