// The one translation unit that compiles Asio and Beast (the library defines
// BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION for
// everything that links it).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
