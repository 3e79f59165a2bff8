#!/bin/sh
echo "hello from a builder guest"
