// The one translation of our protocol-neutral ErrorCode to an HTTP status, shared by every front
// door (Open311, staff API, ops routes) so that they can never disagree.
#pragma once

#include "base/error.hpp"

namespace civic311::http {

int StatusForError(ErrorCode code);

}  // namespace civic311::http
