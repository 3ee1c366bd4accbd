#include "cli/app.h"

int main(int argc, char** argv) { return voxmark::cli::run_cli(argc, argv); }
