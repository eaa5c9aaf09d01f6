// calc-server PORT: the gSOAP service of the corpus set `gsoap-calc` (add, sub, mul, div, pow
// over xsd:double, rpc/encoded), on 127.0.0.1:PORT, one request at a time, until killed.
//
// Prints `listening on 127.0.0.1:PORT` once bound (PORT 0 takes a free port and prints it), so
// a test can start it and wait for that line. The faults follow gSOAP's own calc sample, which
// this WSDL comes from: div by zero and a pow outside its domain are sender faults
// (SOAP-ENV:Client) with a reason and an <error xmlns="urn:calc"> detail naming the operands.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "soapcalcService.h"
#include "calc.nsmap"

// The shortest decimal form that reads back as `value`.
static std::string shortest(double value) {
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof text, value);
  return error == std::errc() ? std::string(text, end) : std::string("?");
}

class Calculator : public calcService {
  // A sender fault whose detail is `<error xmlns="urn:calc">TEXT</error>`; gSOAP copies the
  // detail XML verbatim, and TEXT (words and numbers) needs no escaping.
  int sender_fault(const char *reason, const std::string &text) {
    std::string detail = "<error xmlns=\"urn:calc\">" + text + "</error>";
    return soap_senderfault(reason, soap_strdup(soap, detail.c_str()));
  }

 public:
  int add(double a, double b, double &result) override {
    result = a + b;
    return SOAP_OK;
  }
  int sub(double a, double b, double &result) override {
    result = a - b;
    return SOAP_OK;
  }
  int mul(double a, double b, double &result) override {
    result = a * b;
    return SOAP_OK;
  }
  int div(double a, double b, double &result) override {
    if (b == 0.0) return sender_fault("Division by zero", "cannot divide " + shortest(a) + " by " + shortest(b));
    result = a / b;
    return SOAP_OK;
  }
  int pow(double a, double b, double &result) override {
    errno = 0;
    result = std::pow(a, b);
    if (errno == EDOM || std::isnan(result)) {
      return sender_fault("Power function domain error", "cannot raise " + shortest(a) + " to " + shortest(b));
    }
    return SOAP_OK;
  }
  calcService *copy() override { return new Calculator(*this); }
};

// The port the listening socket got (differs from the one asked for when that was 0).
static int bound_port(SOAP_SOCKET socket) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(socket, reinterpret_cast<sockaddr *>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6 *>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in *>(&address)->sin_port);
}

int main(int argc, char **argv) {
  char *end = nullptr;
  long port = argc == 2 ? std::strtol(argv[1], &end, 10) : -1;
  if (argc != 2 || *end != '\0' || port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: %s PORT   (0 for any free port)\n", argv[0]);
    return 2;
  }
  Calculator service;
  // A restarted server can bind the port again while old connections sit in TIME_WAIT.
  service.soap->bind_flags = SO_REUSEADDR;
  // One request at a time: a client that stalls must not hold the server forever.
  service.soap->recv_timeout = 10;
  service.soap->send_timeout = 10;
  if (!soap_valid_socket(service.bind("127.0.0.1", static_cast<int>(port), 16))) {
    char reason[512];
    service.soap_sprint_fault(reason, sizeof reason);
    std::fprintf(stderr, "error: cannot bind 127.0.0.1:%ld: %s\n", port, reason);
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", bound_port(service.soap->master));
  std::fflush(stdout);
  for (;;) {
    if (!soap_valid_socket(service.accept())) {
      char reason[512];
      service.soap_sprint_fault(reason, sizeof reason);
      std::fprintf(stderr, "error: accept failed: %s\n", reason);
      continue;
    }
    // serve() has answered a bad request or a failed operation with a fault already; log it
    // (a peer's test reads this to see why gSOAP refused its request) and keep serving.
    if (service.serve() != SOAP_OK) {
      char reason[512];
      service.soap_sprint_fault(reason, sizeof reason);
      std::fprintf(stderr, "answered with a fault: %s\n", reason);
    }
    service.destroy();
  }
}
