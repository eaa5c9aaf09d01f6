// calc-client URL: calls every operation of the corpus set `gsoap-calc` at URL through gSOAP's
// generated proxy, checks each result against the same arithmetic done here, and prints one
// line per call (`add(1.5, 2.25) = 3.75 ok`). div(1, 0) must come back as a sender fault
// (SOAP-ENV:Client). Exits 1 on any mismatch, fault or transport error, after trying all calls.
//
// Results must equal the local arithmetic exactly: every operand and result is an exactly
// representable double or a quotient (1/3) whose shortest decimal form reads back to the same
// double, so a peer that writes doubles losslessly passes, one that rounds them fails.

#include <charconv>
#include <cstdio>
#include <string>

#include "soapcalcProxy.h"
#include "calc.nsmap"

using Call = int (calcProxy::*)(double, double, double &);

// The shortest decimal form that reads back as `value` (what a lossless peer writes).
static std::string shortest(double value) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string("?");
}

static std::string call_text(const char *name, double a, double b) {
  return std::string(name) + "(" + shortest(a) + ", " + shortest(b) + ")";
}

// Whether a call's status says a fault came back (gSOAP sorts it by its faultcode).
static bool received_fault(int status) {
  return status == SOAP_CLI_FAULT || status == SOAP_SVR_FAULT || status == SOAP_FAULT;
}

static std::string fault_text(calcProxy &proxy) {
  const char *code = proxy.soap->fault && proxy.soap->fault->faultcode ? proxy.soap->fault->faultcode : "?";
  const char *reason = proxy.soap_fault_string();
  return std::string(code) + " \"" + (reason ? reason : "") + "\"";
}

// gSOAP's description of a failed call, on one line (it spreads it over several).
static std::string error_text(calcProxy &proxy) {
  char reason[512];
  proxy.soap_sprint_fault(reason, sizeof reason);
  std::string text;
  for (const char *c = reason; *c; ++c) {
    bool space = *c == '\n' || *c == '\r' || *c == '\t' || *c == ' ';
    if (!space) text += *c;
    else if (!text.empty() && text.back() != ' ') text += ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Calls `operation`, expecting `expected` exactly.
static bool check(calcProxy &proxy, const char *name, Call operation, double a, double b, double expected) {
  double result = 0;
  int status = (proxy.*operation)(a, b, result);
  bool ok = false;
  if (status == SOAP_OK) {
    ok = result == expected;
    std::printf("%s = %s %s\n", call_text(name, a, b).c_str(), shortest(result).c_str(),
                ok ? "ok" : ("MISMATCH, expected " + shortest(expected)).c_str());
  } else if (received_fault(status)) {
    std::printf("%s = fault %s UNEXPECTED\n", call_text(name, a, b).c_str(), fault_text(proxy).c_str());
  } else {
    std::printf("%s = transport error %d UNEXPECTED: %s\n", call_text(name, a, b).c_str(), status,
                error_text(proxy).c_str());
  }
  proxy.destroy();
  return ok;
}

// Calls `operation`, expecting a sender fault (faultcode SOAP-ENV:Client in SOAP 1.1).
static bool check_fault(calcProxy &proxy, const char *name, Call operation, double a, double b) {
  double result = 0;
  int status = (proxy.*operation)(a, b, result);
  bool ok = false;
  if (received_fault(status)) {
    std::string code = proxy.soap->fault && proxy.soap->fault->faultcode ? proxy.soap->fault->faultcode : "";
    ok = code.size() >= 7 && code.compare(code.size() - 7, 7, ":Client") == 0;
    std::printf("%s = fault %s %s\n", call_text(name, a, b).c_str(), fault_text(proxy).c_str(),
                ok ? "ok" : "MISMATCH, expected a SOAP-ENV:Client fault");
  } else if (status == SOAP_OK) {
    std::printf("%s = %s MISMATCH, expected a fault\n", call_text(name, a, b).c_str(), shortest(result).c_str());
  } else {
    std::printf("%s = transport error %d UNEXPECTED: %s\n", call_text(name, a, b).c_str(), status,
                error_text(proxy).c_str());
  }
  proxy.destroy();
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s URL   (e.g. http://127.0.0.1:8080/)\n", argv[0]);
    return 2;
  }
  calcProxy proxy(argv[1]);
  // A peer that accepts the connection and never answers must fail the run, not hang it.
  proxy.soap->connect_timeout = 10;
  proxy.soap->recv_timeout = 10;
  proxy.soap->send_timeout = 10;
  bool ok = true;
  ok &= check(proxy, "add", &calcProxy::add, 1.5, 2.25, 1.5 + 2.25);
  ok &= check(proxy, "sub", &calcProxy::sub, 1.5, 2.25, 1.5 - 2.25);
  ok &= check(proxy, "mul", &calcProxy::mul, 1.5, 2.25, 1.5 * 2.25);
  ok &= check(proxy, "div", &calcProxy::div, 1, 3, 1.0 / 3.0);
  ok &= check(proxy, "pow", &calcProxy::pow, 1.5, 3, 3.375);
  // Exponent notation both ways: gSOAP writes doubles as %.17G ("1.0000000000000001E-300").
  ok &= check(proxy, "add", &calcProxy::add, 1e-300, 2e-300, 1e-300 + 2e-300);
  ok &= check_fault(proxy, "div", &calcProxy::div, 1, 0);
  std::printf("%s\n", ok ? "all calls ok" : "FAILED");
  return ok ? 0 : 1;
}
