/// @brief The core's error model: bad input, failed factorisation, interruption.
#pragma once

#include <stdexcept>
#include <string>

namespace salutary {

/// Bad arguments are reported as std::invalid_argument (ValueError in Python).
/// A Hessian that is not positive definite after the maths §3 completion.
class FactorizationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A long call was interrupted by the host (Ctrl-C in Python).
class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

}  // namespace salutary
