// Table tests of JsonReader: the words each accessor uses when a value is wrong, and the values
// it returns when a value is right.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"

using namespace dsim;
using nlohmann::json;

namespace {

// Runs `read` on a reader of `value` at path "x.y" and returns the error text.
template <typename Read>
std::string error_of(const json& value, Read read) {
  JsonReader reader(value, "f.json", "x.y");
  try {
    read(reader);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a scenario error names the file, then the path when there is one") {
  CHECK(std::string(ScenarioError("a.json", "faults[2].at", "bad").what()) == "a.json: at faults[2].at: bad");
  CHECK(std::string(ScenarioError("a.json", "", "bad").what()) == "a.json: bad");
  ScenarioError error("a.json", "p", "m");
  CHECK(error.file() == "a.json");
  CHECK(error.path() == "p");
  CHECK(error.message() == "m");
}

TEST_CASE("values are described with their kind for error messages") {
  CHECK(describe_json_value(json(50)) == "50 (a number)");
  CHECK(describe_json_value(json(0.5)) == "0.5 (a number)");
  CHECK(describe_json_value(json("abc")) == "\"abc\" (a string)");
  CHECK(describe_json_value(json::object()) == "an object");
  CHECK(describe_json_value(json::array()) == "an array");
  CHECK(describe_json_value(json(true)) == "true (a boolean)");
  CHECK(describe_json_value(json(nullptr)) == "null");
}

TEST_CASE("did you mean suggests only close words") {
  std::vector<std::string> keys = {"latency", "loss", "duplicate", "fifo"};
  CHECK(did_you_mean("lattency", keys) == "latency");
  CHECK(did_you_mean("los", keys) == "loss");
  CHECK(did_you_mean("fiffo", keys) == "fifo");
  CHECK_FALSE(did_you_mean("bandwidth", keys));
  CHECK_FALSE(did_you_mean("xy", {"ab"}));  // two edits on a two-letter word is another word
  CHECK_FALSE(did_you_mean("latency", keys));  // an exact match is not a typo
}

TEST_CASE("each accessor says what it expected and what it found") {
  CHECK(error_of(json(50), [](auto& r) { r.duration(); }) ==
        "f.json: at x.y: expected a duration such as \"150ms\", found 50 (a number)");
  CHECK(error_of(json(0), [](auto& r) { r.integer(1, 10000); }) ==
        "f.json: at x.y: expected an integer from 1 to 10000, found 0");
  CHECK(error_of(json(2.5), [](auto& r) { r.integer(1, 10000); }) ==
        "f.json: at x.y: expected an integer from 1 to 10000, found 2.5");
  CHECK(error_of(json("flod"), [](auto& r) { r.choice({"flood", "gossip"}); }) ==
        "f.json: at x.y: expected one of \"flood\", \"gossip\", found \"flod\" (did you mean \"flood\"?)");
  CHECK(error_of(json(3), [](auto& r) { r.choice({"flood", "gossip"}); }) ==
        "f.json: at x.y: expected one of \"flood\", \"gossip\", found 3 (a number)");
  CHECK(error_of(json("yes"), [](auto& r) { r.boolean(); }) ==
        "f.json: at x.y: expected true or false, found \"yes\" (a string)");
  CHECK(error_of(json(7), [](auto& r) { r.string(); }) == "f.json: at x.y: expected a string, found 7 (a number)");
  CHECK(error_of(json(-0.5), [](auto& r) { r.number(0, 1); }) ==
        "f.json: at x.y: expected a number from 0 to 1, found -0.5");
  CHECK(error_of(json("0ms"), [](auto& r) { r.duration(1); }) ==
        "f.json: at x.y: expected a duration greater than 0, found \"0ms\"");
  CHECK(error_of(json("5ms"), [](auto& r) { r.duration(10 * kMillisecond); }) ==
        "f.json: at x.y: expected a duration of at least \"10ms\", found \"5ms\"");
  CHECK(error_of(json("9999999999h"), [](auto& r) { r.duration(); }) ==
        "f.json: at x.y: duration \"9999999999h\" is too large");
  CHECK(error_of(json::object(), [](auto& r) { r.items(); }) == "f.json: at x.y: expected an array, found an object");
}

TEST_CASE("object accessors report missing and unknown keys at the object's path") {
  json object = {{"lattency", "1ms"}};
  CHECK(error_of(object, [](auto& r) { r.at("duration"); }) == "f.json: at x.y: missing required key \"duration\"");
  CHECK(error_of(object, [](auto& r) { r.expect_keys({"latency", "loss"}); }) ==
        "f.json: at x.y: unknown key \"lattency\" (did you mean \"latency\"?)");
  CHECK(error_of(object, [](auto& r) { r.expect_keys({"a", "b"}); }) ==
        "f.json: at x.y: unknown key \"lattency\" (allowed here: a, b)");
  JsonReader reader(object, "f.json", "x.y");
  CHECK(reader.at("lattency").path() == "x.y.lattency");
  json list = json::array({1, 2});
  CHECK(JsonReader(list, "f.json", "faults").items()[1].path() == "faults[1]");
}

TEST_CASE("rates are read per second from /s, /m, /h or a plain number") {
  auto rate = [](const json& value) { return JsonReader(value, "f.json", "r").rate_per_second(); };
  CHECK(rate(json("20/s")) == 20.0);
  CHECK(rate(json("120/m")) == 2.0);
  CHECK(rate(json("7200/h")) == 2.0);
  CHECK(rate(json(2.5)) == 2.5);
  CHECK(error_of(json("5/ms"), [](auto& r) { r.rate_per_second(); }) ==
        "f.json: at x.y: unknown unit \"ms\" in the rate \"5/ms\" (use /s, /m or /h)");
  CHECK(error_of(json("-5/s"), [](auto& r) { r.rate_per_second(); }) ==
        "f.json: at x.y: expected a rate such as \"20/s\", \"1000/m\" or \"5/h\", or a number per second, found \"-5/s\"");
}

TEST_CASE("a huge duration is refused before it can overflow, but leading zeros are harmless") {
  CHECK(error_of(json("200000000000m"), [](auto& r) { r.duration(); }) ==
        "f.json: at x.y: duration \"200000000000m\" is too large");
  CHECK(JsonReader(json("00000000000000001s"), "f", "").duration() == kSecond);
  CHECK(JsonReader(json("1000000h"), "f", "").duration() == 1000000 * 60 * kMinute);
}

TEST_CASE("signed durations accept a leading minus for clock skew") {
  CHECK(JsonReader(json("-50ms"), "f", "").signed_duration() == -50 * kMillisecond);
  CHECK(JsonReader(json("2s"), "f", "").signed_duration() == 2 * kSecond);
}
