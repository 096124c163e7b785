/// @brief Umbrella header of the salutary-native C++ core (namespace salutary).
#pragma once

#include "salutary/build_info.hpp"
#include "salutary/cg_direction.hpp"
#include "salutary/direction.hpp"
#include "salutary/errors.hpp"
#include "salutary/hessian.hpp"
#include "salutary/influence.hpp"
#include "salutary/influence_row.hpp"
#include "salutary/logistic_model.hpp"
#include "salutary/matrix_views.hpp"
#include "salutary/parallel.hpp"
#include "salutary/query.hpp"
#include "salutary/scorer.hpp"
#include "salutary/scoring_backend.hpp"
#include "salutary/tie_break.hpp"
#include "salutary/top_b.hpp"
#include "salutary/trainer.hpp"
