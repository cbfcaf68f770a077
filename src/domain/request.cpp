#include "domain/request.hpp"

namespace civic311 {

const char* ChannelName(Channel c) {
  switch (c) {
    case Channel::kApi:
      return "api";
    case Channel::kWeb:
      return "web";
    case Channel::kApp:
      return "app";
    case Channel::kPhone:
      return "phone";
    case Channel::kEmail:
      return "email";
    case Channel::kWalkIn:
      return "walk_in";
    case Channel::kInternal:
      return "internal";
    case Channel::kFax:
      return "fax";
    case Channel::kTty:
      return "tty";
  }
  return "api";
}

std::optional<Channel> ParseChannel(std::string_view n) {
  for (Channel c : {Channel::kApi, Channel::kWeb, Channel::kApp, Channel::kPhone, Channel::kEmail,
                    Channel::kWalkIn, Channel::kInternal, Channel::kFax, Channel::kTty}) {
    if (n == ChannelName(c)) return c;
  }
  if (n == "walk-in") return Channel::kWalkIn;
  return std::nullopt;
}

}  // namespace civic311
