// PublishedKeyCache (sim/core/published_key_cache.h): a hit is always the entry of the key asked
// for, even when a key's text is rewritten in place at a remembered address (a family key built
// in a reused buffer), and clearing forgets everything.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <string_view>

#include "sim/core/published_key_cache.h"

using namespace dsim;

namespace {
using State = std::map<std::string, std::string, std::less<>>;
}

TEST_CASE("a remembered key is found again by its address, and only for the same text") {
  State state{{"role", "\"leader\""}, {"term", "3"}};
  PublishedKeyCache<State> cache;
  constexpr std::string_view kRole = "role";
  CHECK(cache.find(kRole) == nullptr);
  cache.remember(kRole, &*state.find(kRole));
  State::value_type* hit = cache.find(kRole);
  REQUIRE(hit != nullptr);
  CHECK(hit->first == "role");
  CHECK(hit->second == "\"leader\"");
  // The same text at another address is a miss (the caller then searches the map).
  std::string copy = "role";
  CHECK(cache.find(copy) == nullptr);
}

TEST_CASE("a buffer reused for another key's text never finds the first key's entry") {
  State state{{"load.a", "1"}, {"load.b", "2"}};
  PublishedKeyCache<State> cache;
  char buffer[] = "load.a";
  std::string_view key(buffer, 6);
  cache.remember(key, &*state.find(key));
  CHECK(cache.find(key)->second == "1");
  buffer[5] = 'b';  // same address, same length, another key
  CHECK(cache.find(key) == nullptr);
  cache.remember(key, &*state.find(key));
  CHECK(cache.find(key)->second == "2");
  std::string_view shorter(buffer, 5);  // same address, another length
  CHECK(cache.find(shorter) == nullptr);
}

TEST_CASE("clearing the cache forgets every key") {
  State state{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  PublishedKeyCache<State> cache;
  static constexpr std::string_view kKeys[] = {"a", "b", "c"};
  for (std::string_view key : kKeys) cache.remember(key, &*state.find(key));
  std::size_t found = 0;
  for (std::string_view key : kKeys) found += cache.find(key) != nullptr;
  CHECK(found >= 1);  // lines may collide, but the last remembered key is always there
  CHECK(cache.find(kKeys[2]) != nullptr);
  cache.clear();
  for (std::string_view key : kKeys) CHECK(cache.find(key) == nullptr);
}
