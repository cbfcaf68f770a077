// Reading a POST requests.{fmt} into a transport-neutral SubmissionInput. Pure.
// https://wiki.open311.org/GeoReport_v2/#post-service-request
//
// Parameters come from the form body (application/x-www-form-urlencoded or multipart/form-data)
// or the query string; the first non-empty value wins. Attributes are read from every
// "attribute[CODE]=v" and "attribute[CODE][]=v" (repeated for a multivaluelist), in order.
// `deviceid` (FixMyStreet's spelling) is read when `device_id` is absent.
// A malformed key ("attribute[CODE", "attribute[A]B") still yields the code text between the
// first '[' and the last ']' or the end, so validation names it rather than dropping it.
#pragma once

#include "domain/validation.hpp"
#include "http/api/message.hpp"

namespace civic311::open311 {

SubmissionInput SubmissionFromRequest(const http::Request& req);

}  // namespace civic311::open311
